/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One build serves both hosts: `etl serve` (same origin) and a deployed API (config.json names its base URL).
// base './' keeps every asset URL relative, so the page also works from a sub-path (S3/CloudFront, /prod/…).
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev` talks to a local `etl serve` on the default port.
    proxy: Object.fromEntries(
      ['/upload', '/trigger-job', '/agent-invoke', '/job-status', '/jobs', '/datasets', '/download', '/blobs', '/health', '/openapi'].map((p) => [p, 'http://127.0.0.1:5080']),
    ),
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
