import { defineConfig } from 'vite';
import { phonePlansPlugin } from './scripts/phone-plans-plugin.js';

// The dev server and build of the demo page (index.html). The library and the gadget bundle are
// built by scripts/build.js with their own settings.
export default defineConfig({
  base: './',
  server: { port: 5173, strictPort: false },
  plugins: [phonePlansPlugin()],
  build: {
    outDir: 'dist/demo',
    emptyOutDir: true,
    target: 'es2022',
    // Vite 8 leaves whitespace in otherwise; this is the real minified figure.
    rolldownOptions: { output: { minify: true } },
  },
});
