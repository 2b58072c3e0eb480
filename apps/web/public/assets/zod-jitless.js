// The console runs under a Content-Security-Policy without 'unsafe-eval', so zod cannot compile its
// parsers. Saying so before any schema is built also spares the browser zod's probe for eval (a
// Function('') call the policy blocks and reports). A classic script: it runs before the module bundle.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
