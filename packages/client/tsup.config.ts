import { defineConfig } from 'tsup';

// ES modules with declarations; dependencies stay imports (tsup leaves them external).
export default defineConfig({
  entry: ['src/index.ts', 'src/contract/index.ts', 'src/http/index.ts'],
  format: 'esm',
  dts: true,
  clean: true,
  target: 'node20',
  outDir: 'dist',
});
