/** Every accepted country as `[ISO code, English name]`, sorted by name (build/country-names.ts). */
declare module 'virtual:country-names' {
  const entries: readonly (readonly [code: string, name: string])[];
  export default entries;
}
