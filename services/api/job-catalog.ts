import {
  compileParamsCheck,
  readJobCatalog,
  unknownJobCheck,
  type JobDescription,
  type JobRegistry,
  type KnownCatalogEntry,
  type ObjectStore,
  type ParamsCheck,
} from '@temporal-operations/jobs';

export interface JobCatalogOptions {
  /** Where workers publish the jobs they run (`publishJobCatalog`). */
  objectStore: ObjectStore;
  /** How old the list of other workers' jobs may be before `list` reads it again. @default 10000 */
  refreshMs?: number;
  /** A job name not known yet reads the catalog again, at most this often. @default 1000 */
  missRefreshMs?: number;
  /** Where skipped entries and unreadable catalogs are reported (once per distinct reason). */
  warn?: (message: string) => void;
}

interface RemoteJob {
  job: JobDescription;
  /** The entry as read and its object's etag (when the listing gave one): an unchanged object is not read again. */
  read: KnownCatalogEntry | null;
  check: (params: unknown) => ParamsCheck;
}

/**
 * The jobs the API can start: its own registry, then the jobs other workers published to the
 * catalog (each started on its worker's task queue). A name of this process's own jobs is never
 * taken over by a published one. The catalog is read when it is older than `refreshMs` and when
 * a request names a job not known yet; while it cannot be read, the last list stands.
 */
export class JobCatalog {
  readonly #local: JobRegistry;
  readonly #options: Required<JobCatalogOptions>;
  #remote = new Map<string, RemoteJob>();
  #readAt = 0;
  #reading: Promise<void> | null = null;
  readonly #warned = new Set<string>();

  constructor(local: JobRegistry, options: JobCatalogOptions) {
    this.#local = local;
    this.#options = { refreshMs: 10_000, missRefreshMs: 1000, warn: () => {}, ...options };
  }

  /** The job of that name, reading the catalog again when it is not known and was not read just now. */
  async find(name: string): Promise<JobDescription | undefined> {
    const known = this.#local.get(name) ?? this.#remote.get(name)?.job;
    if (known) return known;
    await this.#readIfOlderThan(this.#options.missRefreshMs);
    return this.#remote.get(name)?.job;
  }

  async list(): Promise<JobDescription[]> {
    await this.#readIfOlderThan(this.#options.refreshMs);
    return [...this.#local.list(), ...[...this.#remote.values()].map((remote) => remote.job)];
  }

  /** Checks params against the job's schema (after `find`) and fills in its defaults. */
  checkParams(name: string, params: unknown): ParamsCheck {
    if (this.#local.get(name)) return this.#local.checkParams(name, params);
    return this.#remote.get(name)?.check(params) ?? unknownJobCheck(name);
  }

  async #readIfOlderThan(ms: number): Promise<void> {
    if (Date.now() - this.#readAt < ms) return;
    // Concurrent requests share one read.
    this.#reading ??= this.#read(this.#options.objectStore).finally(() => {
      this.#reading = null;
    });
    await this.#reading;
  }

  async #read(objectStore: ObjectStore): Promise<void> {
    try {
      const known = new Map<string, KnownCatalogEntry>();
      for (const [name, { read }] of this.#remote) if (read) known.set(name, read);
      const { entries, etags, skipped } = await readJobCatalog(objectStore, known);
      for (const { key, reason } of skipped) this.#warnOnce(`job catalog: skipped ${key}: ${reason}`);
      const remote = new Map<string, RemoteJob>();
      for (const entry of entries) {
        if (this.#local.get(entry.name)) {
          this.#warnOnce(`job catalog: ${entry.name} is this API's own job; the published one is ignored`);
          continue;
        }
        const previous = this.#remote.get(entry.name);
        // An object republished (a new etag) often keeps its schema: its check is kept then too.
        const unchanged =
          previous !== undefined &&
          (previous.read?.entry === entry ||
            JSON.stringify(previous.job.paramsSchema) === JSON.stringify(entry.paramsSchema));
        const check = unchanged ? previous.check : this.#compile(entry.name, entry.paramsSchema);
        if (!check) continue;
        const { name, description, paramsSchema, run, taskQueue } = entry;
        const etag = etags.get(name);
        const read = etag === undefined ? null : { etag, entry };
        remote.set(name, { job: { name, description, paramsSchema, run, taskQueue }, read, check });
      }
      this.#remote = remote;
    } catch (error) {
      this.#warnOnce(
        `job catalog: could not be read (${error instanceof Error ? error.message : String(error)}); the last list stands`,
      );
    } finally {
      this.#readAt = Date.now();
    }
  }

  #compile(name: string, schema: object): RemoteJob['check'] | null {
    try {
      return compileParamsCheck(schema);
    } catch (error) {
      this.#warnOnce(`job catalog: ${name} has a params schema that does not compile: ${String(error)}`);
      return null;
    }
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#options.warn(message);
  }
}
