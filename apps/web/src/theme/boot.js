// Runs from <head>, before the stylesheet paints anything, so the first frame is already in the chosen theme
// (the module bundle, which owns the toggle, runs only later). A classic script file because the CSP allows no
// inline scripts; the build gives it a hashed name (vite.config.ts). Keep the key and rules in step with theme.ts.
(() => {
  let choice = null;
  try {
    choice = localStorage.getItem('cm-theme');
  } catch {
    // Storage blocked (privacy settings): follow the system.
  }
  const dark = choice === 'dark' || (choice !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
})();
