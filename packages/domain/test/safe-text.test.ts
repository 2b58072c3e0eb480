import { describe, expect, it } from 'vitest';
import { optionalText, requiredText, textProblem } from '../src/common';
import { customerCreateInput, customerListInput, customerReasonInput } from '../src/customers/schemas';
import { documentUpdateInput, documentUploadMetadataInput } from '../src/documents/schemas';
import { kycUploadMetadataInput } from '../src/kyc/metadata';
import { kycRejectInput } from '../src/kyc/schemas';
import { noteCreateInput } from '../src/notes/schemas';
import { loginInput, userCreateInput } from '../src/users/schemas';

const ID = '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const individual = { type: 'individual', firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', country: 'GB' };

describe('textProblem — the one rule for text a person typed', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['bell', 'a\u0007b'],
    ['escape', '\u001b[31mred'],
    ['DEL', 'a\u007fb'],
    ['C1 control', 'a\u0085b'],
    ['tab', 'a\tb'],
    ['line feed', 'a\nb'],
    ['carriage return', 'a\rb'],
  ])('refuses a %s in single-line text', (_name, value) => {
    expect(textProblem(value)).toMatch(/control characters/);
  });

  it('lets tab and line breaks through in multi-line text, but nothing else', () => {
    expect(textProblem('first line\r\n\tsecond line', { multiline: true })).toBeNull();
    expect(textProblem('a\u0000b', { multiline: true })).toMatch(/control characters/);
    expect(textProblem('a\u000bb', { multiline: true })).toMatch(/control characters/);
  });

  it.each(['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'])(
    'refuses the bidirectional control U+%s',
    (ch) => {
      expect(textProblem(`invoice${ch}fdp.exe`)).toMatch(/right-to-left/);
      expect(textProblem(`invoice${ch}fdp.exe`, { multiline: true })).toMatch(/right-to-left/);
    },
  );

  it('refuses text made only of invisible characters, but not invisible characters inside real text', () => {
    expect(textProblem('\u200b')).toBe('Use visible characters.');
    expect(textProblem('\u200b\u200c\u200d\u2060\ufeff')).toBe('Use visible characters.');
    expect(textProblem('\u00ad')).toBe('Use visible characters.');
    expect(textProblem('Anne\u200dMarie')).toBeNull();
    expect(textProblem('')).toBeNull();
  });

  it('refuses unpaired surrogates and accepts ordinary international text', () => {
    expect(textProblem('a\ud800b')).toMatch(/broken/);
    for (const ok of ['Łukasz Żółć', '王小明', 'محمد', 'שלום', 'Émilie 👩‍💻', "O'Brien-Smith"]) {
      expect(textProblem(ok)).toBeNull();
    }
  });
});

describe('the text helpers apply it', () => {
  it('optionalText and requiredText refuse control characters after trimming', () => {
    expect(optionalText(50).safeParse('a\u0000').success).toBe(false);
    expect(requiredText(50, 'Name').safeParse('a\u0000').success).toBe(false);
    // Surrounding whitespace (a pasted trailing newline) is trimmed first, not refused.
    expect(optionalText(50).parse('  Ann\n')).toBe('Ann');
    expect(requiredText(50, 'Name').parse('\tAnn ')).toBe('Ann');
    expect(optionalText(50, { multiline: true }).parse('a\nb')).toBe('a\nb');
  });
});

function firstIssuePath(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.success ? null : result.error!.issues[0]!.path.join('.');
}

describe('every text input of Module 1 refuses U+0000', () => {
  const NUL = 'x\u0000y';
  it.each([
    ['customer first name', customerCreateInput, { ...individual, firstName: NUL }, 'firstName'],
    ['customer last name', customerCreateInput, { ...individual, lastName: NUL }, 'lastName'],
    ['customer email', customerCreateInput, { ...individual, email: `a${NUL}@example.com` }, 'email'],
    ['customer city', customerCreateInput, { ...individual, city: NUL }, 'city'],
    ['customer phone', customerCreateInput, { ...individual, phone: NUL }, 'phone'],
    ['customer search', customerListInput, { search: NUL }, 'search'],
    ['list cursor', customerListInput, { cursor: NUL }, 'cursor'],
    ['suspension reason', customerReasonInput, { id: ID, reason: `reason ${NUL}` }, 'reason'],
    ['note title', noteCreateInput, { customerId: ID, noteType: 'call', title: NUL, content: 'ok' }, 'title'],
    ['note content', noteCreateInput, { customerId: ID, noteType: 'call', content: `ok ${NUL}` }, 'content'],
    ['document title', documentUploadMetadataInput, { category: 'other', title: NUL }, 'title'],
    ['document description', documentUploadMetadataInput, { category: 'other', description: NUL }, 'description'],
    ['document title edit', documentUpdateInput, { customerId: ID, documentId: ID, version: 1, title: NUL }, 'title'],
    [
      'KYC document number',
      kycUploadMetadataInput,
      { documentType: 'proof_of_address', documentNumber: NUL },
      'documentNumber',
    ],
    ['KYC rejection reason', kycRejectInput, { customerId: ID, documentId: ID, reason: `blurry ${NUL}` }, 'reason'],
    ['login email', loginInput, { email: `a${NUL}@example.com`, password: 'x' }, 'email'],
    [
      'user name',
      userCreateInput,
      { email: 'u@example.com', name: NUL, role: 'admin', password: 'a-long-enough-password' },
      'name',
    ],
  ] as const)('%s', (_name, schema, input, path) => {
    expect(firstIssuePath((schema as unknown as { safeParse: (v: unknown) => never }).safeParse(input))).toBe(path);
  });

  it('multi-line inputs keep their line breaks', () => {
    const note = noteCreateInput.parse({ customerId: ID, noteType: 'call', content: 'Called.\n\tAgreed: yes' });
    expect(note.content).toBe('Called.\n\tAgreed: yes');
    const doc = documentUploadMetadataInput.parse({ category: 'other', description: 'line 1\nline 2' });
    expect(doc.description).toBe('line 1\nline 2');
  });

  it('a name of zero-width characters only is refused; a right-to-left override anywhere is refused', () => {
    expect(firstIssuePath(customerCreateInput.safeParse({ ...individual, firstName: '\u200b\u200b' }))).toBe(
      'firstName',
    );
    expect(
      firstIssuePath(
        customerCreateInput.safeParse({ type: 'business', companyName: '\u2060', email: 'a@b.co', country: 'GB' }),
      ),
    ).toBe('companyName');
    expect(
      firstIssuePath(
        noteCreateInput.safeParse({ customerId: ID, noteType: 'call', content: 'see file gnp.\u202eexe' }),
      ),
    ).toBe('content');
  });
});

describe('the audit filter', () => {
  it('refuses U+0000 in the action filter', async () => {
    const { auditListInput } = await import('../src/audit/schemas');
    expect(auditListInput.safeParse({ action: 'customer.\u0000' }).success).toBe(false);
    expect(auditListInput.safeParse({ action: 'customer.updated' }).success).toBe(true);
  });
});
