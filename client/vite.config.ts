import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const clientDir = fileURLToPath(new URL('.', import.meta.url));

// The Accord server (port 8080 by default) owns /api and /collab; in development Vite serves the
// client and forwards both, so the browser talks to one origin exactly as in production.
const backend = process.env.ACCORD_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: clientDir,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/collab': { target: backend, ws: true, changeOrigin: true },
    },
  },
});
