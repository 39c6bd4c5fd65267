import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev:web` sends API calls: a running `agora serve`. */
const api = process.env.AGORA_API_URL ?? 'http://127.0.0.1:3000';

// The web app: built into web/dist, which the Fastify server serves (index.html for the client-side routes,
// the hashed files under /assets/).
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/docs', '/openapi.json', '/healthz', '/readyz'].map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
