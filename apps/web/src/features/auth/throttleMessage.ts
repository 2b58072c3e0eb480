import { lazily } from '../../lib/format';

const timeFormat = lazily(() => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }));

/** "You can try again in 14 minutes (at 10:42)." from the API's retryAfterSeconds. */
export function throttleMessage(retryAfterSeconds: number | undefined, now = Date.now()): string {
  if (!retryAfterSeconds) return 'Wait a few minutes before trying again.';
  const at = timeFormat().format(new Date(now + retryAfterSeconds * 1000));
  if (retryAfterSeconds < 60) {
    return `You can try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'} (at ${at}).`;
  }
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `You can try again in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${at}).`;
}
