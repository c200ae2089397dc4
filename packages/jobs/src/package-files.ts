import { fileURLToPath } from 'node:url';
import type { BundleOptions } from '@temporalio/worker';

/**
 * Files of this package that Temporal's bundler must be given by path. This module sits at the
 * root of `src/` and its build at the root of `dist/`, so one relative path serves both; only
 * the extension differs (TypeScript in this repository, JavaScript once installed).
 */
const fromSource = import.meta.url.endsWith('.ts');

function packageFile(path: string): string {
  return fileURLToPath(new URL(`./${path}.${fromSource ? 'ts' : 'js'}`, import.meta.url));
}

/** The one file that exports every operation workflow: a worker's `workflowsPath`. */
export const workflowsPath = packageFile('workflows/index');

/**
 * The workflow interceptor modules of every bundle (`workflowInterceptorModules`). They are in
 * whether tracing is on or off, so the workflow code, and what a replay of its histories runs,
 * never depends on OTEL_* settings: a workflow is traced when its start carried a trace
 * context, and with tracing off in the worker its spans go to a sink that drops them.
 */
export const workflowInterceptorModules: string[] = [packageFile('workflows/trace-interceptors')];

/**
 * In this repository the workflow code imports the client package's source, which its
 * package.json (pointing at `dist/`) does not offer: webpack is told where it is. Installed,
 * nothing is needed.
 */
export const workflowBundlerAliases: Record<string, string> = fromSource
  ? {
      '@temporal-operations/client/contract': fileURLToPath(
        new URL('../../client/src/contract/index.ts', import.meta.url),
      ),
    }
  : {};

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/** A webpack configuration with `workflowBundlerAliases` added to its own aliases (a `webpackConfigHook`). */
export function withWorkflowBundlerAliases(config: WebpackConfiguration): WebpackConfiguration {
  return { ...config, resolve: { ...config.resolve, alias: { ...config.resolve?.alias, ...workflowBundlerAliases } } };
}
