import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev`: Vite on :5173 with /api proxied to the server on :3000. */
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.XINFANG_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
