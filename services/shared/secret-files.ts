import { readFileSync } from 'node:fs';

/** The variable that names a file holding `name`'s value, as Compose and Kubernetes secrets are mounted. */
export const fileVariable = (name: string) => `${name}_FILE`;

/**
 * Replaces each secret given as `NAME_FILE=/path` by `NAME=<the file's content>`, trailing
 * newlines trimmed (`echo secret > file` adds one). A secret set both ways, or a file that
 * cannot be read or is empty, is a problem naming the variable; the caller reports all at once.
 */
export function resolveSecretFiles(
  env: NodeJS.ProcessEnv,
  secrets: readonly string[],
): { env: NodeJS.ProcessEnv; problems: string[] } {
  const resolved: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  for (const name of secrets) {
    const fileName = fileVariable(name);
    const path = env[fileName];
    if (!path) continue;
    if (env[name]) {
      problems.push(`${name} and ${fileName} are both set (set one of them)`);
      continue;
    }
    let content: string;
    try {
      content = readFileSync(path, 'utf8').replace(/(\r?\n)+$/, '');
    } catch (error) {
      problems.push(
        `${fileName}=${JSON.stringify(path)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
      continue;
    }
    if (content === '') problems.push(`${fileName}=${JSON.stringify(path)} is empty`);
    else resolved[name] = content;
  }
  return { env: resolved, problems };
}
