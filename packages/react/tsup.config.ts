import { defineConfig } from 'tsup';

// Browser ES modules with declarations; react and the element stay imports (tsup leaves them external).
export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  outDir: 'dist',
});
