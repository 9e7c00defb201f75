import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The studio is its own small app: `npx vite build web` writes web/dist, which the gateway
// serves at `/` (static files + SPA fallback). `npx vite web` runs a dev server that proxies the
// API to a gateway on REELGATE_URL (default http://127.0.0.1:8787).
const root = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.REELGATE_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/v1': { target: gateway, changeOrigin: true },
      '/files': { target: gateway, changeOrigin: true },
      '/openapi.json': { target: gateway, changeOrigin: true },
    },
  },
});
