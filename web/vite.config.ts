// The web app is served by the gateway's own HTTP server under /app/ (gateway/web-app.ts), so it
// talks to /graphql on the same origin: no CORS, and the key never leaves the browser's session.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/app/',
  plugins: [react()],
  // GraphiQL's editors (Monaco) run language services in module workers.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
    rollupOptions: {
      // GraphiQL's packages start modules with React-compiler directives ("use no memo"), which a
      // bundle cannot keep; harmless, and otherwise dozens of lines on every `npm start`.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
});
