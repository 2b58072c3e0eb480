/** Email addresses compare case-insensitively; this is the stored, compared form. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
