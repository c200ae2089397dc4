import { defineConfig } from 'tsup';

// ES modules with declarations; dependencies stay imports (tsup leaves them external).
export default defineConfig({
  entry: ['src/index.ts', 'src/workflows/index.ts', 'src/workflows/trace-interceptors.ts'],
  format: 'esm',
  dts: true,
  clean: true,
  target: 'node20',
  outDir: 'dist',
});
