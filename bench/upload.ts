/**
 * `npm run bench:upload`: streams a generated 1 GiB file through `POST /v1/operations`
 * (multipart) into the object store, and the same bytes straight into the store with minio's
 * `putObject`, in one run against freshly started dev services. The API runs as a child
 * process so that its RSS can be sampled (/proc/<pid>/status every 50 ms). Prints a table and
 * writes bench/results/upload-<date>.json. Targets: API RSS increase < 64 MiB, throughput ≥
 * 0.7× the direct upload; 200 uploads that stall just short of a part (50 users, 4 each) leave
 * the API's RSS increase < 64 MiB too. BENCH_UPLOAD_BYTES changes the size, BENCH_WARM_UP_BYTES
 * the upload made before the RSS baseline is read (64 KiB).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { createObjectStore } from '@temporal-operations/jobs';
import { UPLOAD_PART_BYTES, UPLOAD_PARTS_IN_FLIGHT, uploadStream } from '@temporal-operations/jobs';
import { startDevServices } from '../dev/dev-services';
import { freePort, LOOPBACK } from '../dev/ports';
import { spawnManaged, type ManagedProcess } from '../dev/processes';
import { stalledUploads } from './stalled-uploads';
import { round } from './stats';
import { generatedBytes, postMultipart, rssMiB, sampleRss } from './upload-client';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 1024 * MiB);
/** Small: it loads the upload path's modules without leaving part buffers behind to flatter the baseline. */
const WARM_UP_BYTES = Number(process.env.BENCH_WARM_UP_BYTES ?? 64 * 1024);
const TARGET_RSS_MIB = 64;
const STALLED_UPLOADS = 200;
/** Just short of one 8 MiB part: the most a stalled upload could make the API buffer. */
const STALL_AFTER_BYTES = 8 * MiB - 1;
const TARGET_RATIO = 0.7;
const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const services = await startDevServices({ log: (line) => console.log(`[dev services] ${line}`), nats: false });
  const store = createObjectStore(services.s3);
  let api: ManagedProcess | undefined;
  try {
    const port = await freePort();
    const secret = randomBytes(32).toString('hex');
    api = spawnManaged({
      name: 'API',
      command: process.execPath,
      args: ['--import', 'tsx', 'services/api/server.ts'],
      cwd: root,
      output: 'pipe',
      env: {
        ...process.env,
        HOST: LOOPBACK,
        PORT: String(port),
        AUTH_JWT_SECRET: secret,
        TEMPORAL_ADDRESS: services.temporalAddress,
        TEMPORAL_NAMESPACE: services.namespace,
        TEMPORAL_TASK_QUEUE: 'bench-upload',
        S3_ENDPOINT: services.s3.endpoint,
        S3_REGION: services.s3.region,
        S3_BUCKET: services.s3.bucket,
        S3_ACCESS_KEY: services.s3.accessKey,
        S3_SECRET_KEY: services.s3.secretKey,
        MAX_INPUT_FILE_BYTES: String(2 * SIZE),
        LOG_LEVEL: 'warn',
      },
    });
    const baseUrl = `http://${LOOPBACK}:${port}`;
    await waitUntilReady(baseUrl, api);
    const idleRss = rssMiB(api.pid)!;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench-user')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const upload = (name: string, size: number) =>
      postMultipart(
        `${baseUrl}/v1/operations`,
        token,
        { job: 'OperationExampleJob', params: '{"type":"input_file"}' },
        { name, body: generatedBytes(size) },
      );

    // Warm-up: the upload path's modules are loaded before measuring.
    checkCreated(await upload('warm-up.bin', WARM_UP_BYTES), WARM_UP_BYTES);
    await sleep(1000);
    const baselineRss = rssMiB(api.pid)!;

    console.log(`Uploading ${SIZE / MiB} MiB through POST /v1/operations…`);
    const sampler = sampleRss(api.pid, 50);
    const httpStart = performance.now();
    const answer = await upload('bench.bin', SIZE);
    const httpMs = performance.now() - httpStart;
    const { peakMiB, samples } = sampler.stop();
    checkCreated(answer, SIZE);

    console.log(`Uploading ${SIZE / MiB} MiB with minio putObject…`);
    const directKey = `bench/direct-${Date.now()}`;
    const ownSampler = sampleRss(process.pid, 50);
    const ownBaseline = rssMiB(process.pid)!;
    const directStart = performance.now();
    await store.client.putObject(store.bucket, directKey, Readable.from(generatedBytes(SIZE)), SIZE, {
      'Content-Type': 'application/octet-stream',
    });
    const directMs = performance.now() - directStart;
    const ownPeak = ownSampler.stop().peakMiB;
    const directSize = (await store.client.statObject(store.bucket, directKey)).size;
    if (directSize !== SIZE) throw new Error(`the direct upload stored ${directSize} bytes, not ${SIZE}`);

    // The API's own part logic (8 MiB parts, two in flight) without HTTP: how much the request path itself costs.
    console.log(`Uploading ${SIZE / MiB} MiB with the API's uploadStream, in this process…`);
    const sameStart = performance.now();
    const same = await uploadStream(store, `bench/same-${Date.now()}`, generatedBytes(SIZE), {
      contentType: 'application/octet-stream',
      maxBytes: 2 * SIZE,
    });
    const sameMs = performance.now() - sameStart;
    if (same.size !== SIZE) throw new Error(`uploadStream stored ${same.size} bytes, not ${SIZE}`);

    // 200 uploads that each send just under a part and then stall, from 50 users (4 each).
    console.log(`Opening ${STALLED_UPLOADS} uploads that stall after ${STALL_AFTER_BYTES / MiB} MiB…`);
    const users = await Promise.all(
      Array.from({ length: STALLED_UPLOADS / 4 }, (_, i) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(`stalling-user-${i}`)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(secret)),
      ),
    );
    await sleep(1000);
    const stallBaseline = rssMiB(api.pid)!;
    const stallSampler = sampleRss(api.pid, 50);
    const stalled = await stalledUploads(`${baseUrl}/v1/operations`, users, {
      count: STALLED_UPLOADS,
      bytesBeforeStall: STALL_AFTER_BYTES,
      holdMs: 5000,
    });
    const stallPeak = stallSampler.stop().peakMiB;

    const throughput = (ms: number) => SIZE / MiB / (ms / 1000);
    const result = {
      at: new Date().toISOString(),
      bytes: SIZE,
      api: {
        seconds: round(httpMs / 1000, 1),
        mibPerSecond: round(throughput(httpMs), 1),
        partBytes: UPLOAD_PART_BYTES,
        partsInFlight: UPLOAD_PARTS_IN_FLIGHT,
        rssIdleMiB: round(idleRss, 1),
        rssBaselineMiB: round(baselineRss, 1),
        rssPeakMiB: round(peakMiB, 1),
        rssIncreaseMiB: round(peakMiB - baselineRss, 1),
        rssIncreaseOverIdleMiB: round(peakMiB - idleRss, 1),
        rssSamples: samples,
      },
      direct: {
        seconds: round(directMs / 1000, 1),
        mibPerSecond: round(throughput(directMs), 1),
        partBytes: 64 * MiB,
        benchProcessRssIncreaseMiB: round(ownPeak - ownBaseline, 1),
      },
      sameParts: { seconds: round(sameMs / 1000, 1), mibPerSecond: round(throughput(sameMs), 1) },
      stalled: {
        ...stalled,
        rssBaselineMiB: round(stallBaseline, 1),
        rssIncreaseMiB: round(stallPeak - stallBaseline, 1),
      },
      ratio: round(directMs / httpMs, 1),
      ratioToSameParts: round(sameMs / httpMs, 1),
      targets: { rssIncreaseMiB: TARGET_RSS_MIB, ratio: TARGET_RATIO },
    };
    const met = {
      rss: result.api.rssIncreaseMiB < TARGET_RSS_MIB,
      ratio: result.ratio >= TARGET_RATIO,
      stalledRss: result.stalled.rssIncreaseMiB < TARGET_RSS_MIB,
    };
    console.log('');
    console.table({
      'POST /v1/operations': {
        'MiB/s': result.api.mibPerSecond,
        seconds: result.api.seconds,
        'part size (MiB)': UPLOAD_PART_BYTES / MiB,
        'API peak RSS increase (MiB)': result.api.rssIncreaseMiB,
      },
      'minio putObject': {
        'MiB/s': result.direct.mibPerSecond,
        seconds: result.direct.seconds,
        'part size (MiB)': 64,
        'API peak RSS increase (MiB)': '',
      },
      'uploadStream, no HTTP': {
        'MiB/s': result.sameParts.mibPerSecond,
        seconds: result.sameParts.seconds,
        'part size (MiB)': UPLOAD_PART_BYTES / MiB,
        'API peak RSS increase (MiB)': '',
      },
      [`${STALLED_UPLOADS} uploads stalled after ${STALL_AFTER_BYTES / MiB} MiB`]: {
        'MiB/s': '',
        seconds: 5,
        'part size (MiB)': `held ${stalled.held}, 429 ${stalled.refused}`,
        'API peak RSS increase (MiB)': result.stalled.rssIncreaseMiB,
      },
    });
    console.log(
      `ratio to putObject ${result.ratio} (target ≥ ${TARGET_RATIO}: ${met.ratio ? 'met' : 'MISSED'}), ` +
        `to the same part logic without HTTP ${result.ratioToSameParts}; ` +
        `API RSS ${result.api.rssBaselineMiB} → peak ${result.api.rssPeakMiB} MiB, +${result.api.rssIncreaseMiB} MiB ` +
        `(+${result.api.rssIncreaseOverIdleMiB} over idle before the warm-up; target < ${TARGET_RSS_MIB}: ${met.rss ? 'met' : 'MISSED'}); ` +
        `${STALLED_UPLOADS} stalled uploads: ${stalled.held} held, ${stalled.refused} refused (429), ` +
        `API RSS +${result.stalled.rssIncreaseMiB} MiB (target < ${TARGET_RSS_MIB}: ${met.stalledRss ? 'met' : 'MISSED'})`,
    );
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    await mkdir(dir, { recursive: true });
    const file = `${dir}upload-${result.at.replace(/[:.]/g, '-')}.json`;
    await writeFile(file, `${JSON.stringify({ ...result, met }, null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    // The dev services keep S3 in a temporary directory, removed when they stop.
    await api?.stop();
    await services.stop();
  }
}

/** Waits (bounded) until the API answers /readyz, or fails with its last output. */
async function waitUntilReady(baseUrl: string, api: ManagedProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (api.exit()) throw new Error(`the API exited:\n${api.tail()}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(100);
  }
  throw new Error(`the API was not ready within 30 s:\n${api.tail()}`);
}

/** Throws unless the operation was created with the whole file. */
function checkCreated(answer: { status: number; body: string }, size: number): void {
  if (answer.status !== 201) throw new Error(`upload answered ${answer.status}: ${answer.body}`);
  const operation = JSON.parse(answer.body) as { inputFile: { size: number } | null };
  if (operation.inputFile?.size !== size) throw new Error(`stored ${operation.inputFile?.size} bytes, not ${size}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
