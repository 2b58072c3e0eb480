/** Spreadsheets run cells starting with these as formulas; a leading quote keeps them text. */
export function neutraliseCell(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
