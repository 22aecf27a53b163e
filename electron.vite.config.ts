import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Builds without the Electron binary: electron-vite only reads electron's package.json.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The Electron shell and the headless CLI share one engine bundle graph.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          // WHEP viewer peers run in worker threads (servers/webrtc/peer-worker-pool.ts looks for this file).
          'webrtc-peer-worker': resolve(__dirname, 'src/main/engine/servers/webrtc/peer-worker.ts'),
          // The engine's utility process (src/main/index.ts forks out/main/engine-host.js).
          'engine-host': resolve(__dirname, 'src/main/engine-host/host-process.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: { outDir: 'out/preload', rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } } },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: { outDir: 'out/renderer', rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
  },
});
