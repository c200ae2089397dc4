/** What a child server may see of this process's environment: where things are, never a credential. */
const PASSED = /^(PATH|HOME|USER|LOGNAME|SHELL|TMPDIR|TZ|LANG|LANGUAGE|LC_[A-Z_]+|TERM|XDG_[A-Z_]+)$/;

/**
 * The environment of a dev server child process (the Temporal dev server, the S3 server): the
 * basics from `env` plus `own`. The launcher's environment may hold AUTH_JWT_SECRET, S3 keys,
 * TEMPORAL_API_KEY and others that the servers must not get (the Temporal CLI even reads
 * TEMPORAL_* variables as defaults for its flags).
 */
export function serverEnvironment(
  own: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const passed = Object.fromEntries(Object.entries(env).filter(([name]) => PASSED.test(name)));
  return { ...passed, ...own };
}
