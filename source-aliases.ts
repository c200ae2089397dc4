import { resolve } from 'node:path';
import tsconfig from './tsconfig.json' with { type: 'json' };

/**
 * Inside this repository the packages are imported from their source, as tsconfig's `paths`
 * say (tsc and tsx read them); vitest's resolver is given the same map. Installed elsewhere,
 * each package's `exports` point at its build.
 */
export const sourceAliases = Object.entries(tsconfig.compilerOptions.paths).map(([name, [path]]) => ({
  find: new RegExp(`^${name.replaceAll('/', '\\/')}$`),
  replacement: resolve(import.meta.dirname, path as string),
}));
