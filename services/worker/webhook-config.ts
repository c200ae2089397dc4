import {
  webhookSecretProblem,
  webhookUrlProblem,
  type WebhookEndpoint,
  type WebhookEndpoints,
} from '@temporal-operations/jobs';

/** The job a variable like `WEBHOOK_URL_EXPORT_PRODUCTS_JOB` is about: its name in upper snake case. */
export function webhookJobSuffix(job: string): string {
  return job
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/**
 * Reads the operator's webhook endpoints: `WEBHOOK_URL` (comma-separated) signed with
 * `WEBHOOK_SECRET`, and per job `WEBHOOK_URL_<JOB>` (with `WEBHOOK_SECRET_<JOB>`, else the
 * default secret), which replaces the defaults for that job. `problems` names each bad variable.
 */
export function readWebhookEndpoints(
  env: NodeJS.ProcessEnv,
  jobNames: readonly string[],
): { endpoints: WebhookEndpoints; problems: string[] } {
  const problems: string[] = [];
  const defaultSecret = secretOf(env, 'WEBHOOK_SECRET', problems);
  const defaults = endpointsOf(env, 'WEBHOOK_URL', 'WEBHOOK_SECRET', defaultSecret, problems);
  const byJob: Record<string, WebhookEndpoint[]> = {};
  const suffixes = new Map(jobNames.map((job) => [webhookJobSuffix(job), job]));
  for (const name of Object.keys(env)) {
    const match = /^WEBHOOK_(URL|SECRET)_(.+)$/.exec(name);
    if (!match || suffixes.has(match[2]!)) continue;
    problems.push(`${name} names no registered job (jobs: ${[...suffixes.keys()].join(', ')})`);
  }
  for (const [suffix, job] of suffixes) {
    const secretName = `WEBHOOK_SECRET_${suffix}`;
    const secret = secretOf(env, secretName, problems) ?? defaultSecret;
    const own = endpointsOf(env, `WEBHOOK_URL_${suffix}`, secretName, secret, problems);
    if (env[`WEBHOOK_URL_${suffix}`] !== undefined) byJob[job] = own;
  }
  return { endpoints: { defaults, byJob }, problems };
}

function secretOf(env: NodeJS.ProcessEnv, name: string, problems: string[]): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const problem = webhookSecretProblem(value);
  // Never echoed: it is a secret.
  if (problem) problems.push(`${name}=<hidden, ${value.length} characters> is invalid (${problem})`);
  return problem ? undefined : value;
}

function endpointsOf(
  env: NodeJS.ProcessEnv,
  name: string,
  secretName: string,
  secret: string | undefined,
  problems: string[],
): WebhookEndpoint[] {
  const value = env[name];
  if (value === undefined || value.trim() === '') return [];
  const urls = value.split(',').map((url) => url.trim());
  const bad = urls.map((url) => [url, webhookUrlProblem(url)] as const).find(([, problem]) => problem);
  if (bad) {
    problems.push(`${name}=${JSON.stringify(bad[0])} is invalid (${bad[1]}; a comma-separated list of http(s) URLs)`);
    return [];
  }
  if (!secret) {
    if (!env[secretName] && !env.WEBHOOK_SECRET) {
      problems.push(`${secretName} is required with ${name} (a whsec_ secret to sign the webhooks)`);
    }
    return [];
  }
  return urls.map((url) => ({ url, secret }));
}
