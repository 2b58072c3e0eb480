import { z } from 'zod';
import { text, uuid } from '../common';

// The inputs of the customer actions that take an id (and a reason): without the phone-validating schemas of
// schemas.ts, so the console's customer page can check a reason without loading the phone metadata.

export const customerIdInput = z.object({ id: uuid });
export const customerReasonInput = z.object({
  id: uuid,
  reason: text({ multiline: true }).min(3, 'Give a reason (at least 3 characters).').max(1000),
});
