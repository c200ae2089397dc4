import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { withWorkflowBundlerAliases, workflowInterceptorModules, workflowsPath } from '@temporal-operations/jobs';

/**
 * The one way workflows are bundled (webpack), with the interceptor modules every bundle holds:
 * the worker image, the tests and the replay of saved histories all run the same code.
 * `path` is another workflows file (a changed workflow, in versioning tests).
 */
export async function bundleWorkflows(options: { path?: string; logger?: Logger } = {}): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: options.path ?? workflowsPath,
    workflowInterceptorModules,
    logger: options.logger,
    webpackConfigHook: withWorkflowBundlerAliases,
  });
  return code;
}

/**
 * Writes the bundle of the operation workflows to one file, for `workflowBundle: { codePath }`: the worker
 * image does it at build time (`npm run build:workflows`), the tests once per run.
 * @returns the size of the bundle in bytes
 */
export async function writeWorkflowBundle(output: string, logger?: Logger): Promise<number> {
  const code = await bundleWorkflows({ logger });
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, code);
  return code.length;
}
