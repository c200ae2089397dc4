/**
 * Summarises a V8 CPU profile (`--cpu-prof`) by where the time went: self time per package
 * (or project folder, or Node built-in), and inclusive time (a sample counts for every package
 * on its stack). Usage: `npx tsx bench/profile-summary.ts bench/results/profiles/api-….cpuprofile`.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = 30;

/** Frames of module loading: start-up, not request work. */
const LOADING = /^(node:internal\/modules\/|tsx$|evaluate$)/;

/** The package, project folder or built-in a frame belongs to. */
function categoryOf({ url, functionName }: ProfileNode['callFrame']): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const project = /\/(services|workflows|activities|jobs|bench|dev)\/([^/]+)/.exec(url);
  if (project) return `${project[1]}/${project[2]}`;
  return url ? 'other' : functionName || '(anonymous)';
}

/** Roles a sample can be charged to; the innermost frame with a role decides (a write under pino is logging). */
const ROLES: [role: string, pattern: RegExp][] = [
  ['Temporal client (gRPC, protobuf)', /^(@grpc\/|@temporalio\/|protobufjs|long$|node:internal\/http2)/],
  ['JWT (jose, WebCrypto)', /^(jose$|node:internal\/crypto\/(webcrypto|mac|keys|util))/],
  ['logging (pino)', /^(pino|sonic-boom|fast-redact|thread-stream)/],
  ['validation (TypeBox, Ajv)', /^(typebox|ajv|ajv-formats|fast-uri)$/],
  ['serialisation (fast-json-stringify)', /^fast-json-stringify/],
  ['ids (ulid, randomness)', /^(ulid$|node:internal\/crypto\/random)/],
  [
    'HTTP (fastify, node:http, sockets)',
    /^(fastify|find-my-way|avvio|@fastify\/|light-my-request|node:_http|node:http|node:net|node:internal\/(streams|stream_base_commons|http))/,
  ],
  ['this project', /^(services|workflows|activities|jobs|bench|dev)\//],
  ['garbage collection', /^\(garbage collector\)$/],
];

async function main(path: string | undefined): Promise<void> {
  if (!path) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile');
  const profile = JSON.parse(await readFile(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const roles = new Map<string, number>();
  let busy = 0;
  let loading = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const own = categoryOf(byId.get(id)!.callFrame);
    if (own === '(idle)') return;
    const stack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      stack.add(categoryOf(byId.get(at)!.callFrame));
    if ([...stack].some((category) => LOADING.test(category))) {
      loading += ms;
      return;
    }
    busy += ms;
    self.set(own, (self.get(own) ?? 0) + ms);
    const role = roleOf([...stack]) ?? (own === '(program)' ? 'native, not attributed (program)' : 'other');
    roles.set(role, (roles.get(role) ?? 0) + ms);
    for (const category of stack) inclusive.set(category, (inclusive.get(category) ?? 0) + ms);
  });

  const print = (title: string, totals: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [category, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`  ${((ms * 100) / busy).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${category}`);
    }
  };
  console.log(`${path}: ${busy.toFixed(0)} ms busy (module loading left out: ${loading.toFixed(0)} ms)`);
  print('by role (innermost known frame)', roles);
  print('self time', self);
  print('inclusive time', inclusive);
}

function roleOf(stack: string[]): string | undefined {
  for (const category of stack) {
    const match = ROLES.find(([, pattern]) => pattern.test(category));
    if (match) return match[0];
  }
  return undefined;
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
