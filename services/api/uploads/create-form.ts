import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import mime from 'mime';
import { Value } from 'typebox/value';
import type { ObjectStore } from '@temporal-operations/jobs';
import { ObjectStoreError } from '@temporal-operations/jobs';
import { safeFileName } from '@temporal-operations/jobs';
import type { StoredFile } from '@temporal-operations/client';
import { HttpProblem, type FieldError } from '../problem';
import { IdempotencyKey, JobName } from '../schemas/common';
import { watchForStall, type StallBound } from './stall-guard';
import { uploadStream } from '@temporal-operations/jobs';

/** The text fields of a create form, checked for shape (the job and its params are the route's to check). */
export interface CreateFormFields {
  job: string;
  /** The parsed `params` field; {} when absent. */
  params: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

const FIELD_NAMES = new Set<string>(['job', 'params', 'idempotencyKey']);

/** The name of the one file part. */
export const FILE_FIELD = 'file';

/** A field larger than this (the JSON body limit) is refused. */
const MAX_FIELD_BYTES = 1024 * 1024;

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * A `multipart/form-data` create request, read in two steps so that nothing is stored for a
 * request that is refused: `readFields` takes the text fields, which must all come before the
 * file part; the caller checks them; then `storeFile` streams the file into the object store
 * and makes sure nothing follows it.
 */
export class CreateForm {
  private readonly parts: AsyncIterator<Multipart>;
  private pendingFile: MultipartFile | null = null;
  private fieldsRead = false;

  constructor(
    private readonly request: FastifyRequest,
    private readonly maxFileBytes: number,
    private readonly stall: StallBound,
  ) {
    this.parts = request.parts({
      limits: { fileSize: maxFileBytes, fieldSize: MAX_FIELD_BYTES, files: 2, fields: 10, parts: 12 },
    });
  }

  /**
   * Reads the fields up to the file part (or the end): 400 for a missing job, params that are
   * not a JSON object, unknown or repeated fields, or a file part not named `file`.
   */
  async readFields(): Promise<CreateFormFields> {
    const fields: Record<string, unknown> = {};
    for (;;) {
      const part = await this.next();
      if (!part) break;
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD)
          throw badForm(`The file part must be named "${FILE_FIELD}".`, part.fieldname);
        this.pendingFile = part;
        break;
      }
      if (!FIELD_NAMES.has(part.fieldname))
        throw badForm('This field is not part of a create request.', part.fieldname);
      if (part.fieldname in fields) throw badForm('This field is sent more than once.', part.fieldname);
      if (part.valueTruncated) throw new HttpProblem(413, `The field ${part.fieldname} is larger than 1 MiB.`);
      fields[part.fieldname] = part.value;
    }
    this.fieldsRead = true;
    return checkFields(fields, this.pendingFile !== null);
  }

  /** Whether a file part follows the fields. */
  get hasFile(): boolean {
    return this.pendingFile !== null;
  }

  /**
   * Streams the file part to `key` and checks that the form ends there. Null when the form
   * has no file. 413 over the limit, 400 for a truncated body or any part after the file,
   * 503 when the store fails; in each case nothing is left in the store.
   */
  async storeFile(store: ObjectStore, key: string): Promise<StoredFile | null> {
    if (!this.fieldsRead) throw new Error('readFields() must come first');
    const part = this.pendingFile;
    if (!part) return null;
    this.pendingFile = null;
    const name = safeFileName(part.filename || 'file');
    const contentType = fileContentType(part.mimetype, name);
    let size: number;
    try {
      ({ size } = await uploadStream(store, key, withinLimit(part, this.maxFileBytes, this.stall), {
        contentType,
        maxBytes: this.maxFileBytes,
      }));
    } catch (error) {
      if (error instanceof ObjectStoreError) this.request.log.warn({ err: error }, 'storing an input file failed');
      throw uploadProblem(error);
    }
    try {
      const next = await this.next();
      if (next) throw badForm('Only one file may be sent, and no field after it.', next.fieldname);
    } catch (error) {
      await store.client.removeObject(store.bucket, key).catch((removeError: unknown) => {
        // The cleanup schedule removes files that never became an operation.
        this.request.log.warn({ err: removeError, key }, 'could not remove the file of a refused form');
      });
      throw error;
    }
    return { key, name, size, contentType };
  }

  private async next(): Promise<Multipart | null> {
    try {
      const { done, value } = await this.parts.next();
      return done ? null : value;
    } catch (error) {
      throw parseProblem(error, this.maxFileBytes);
    }
  }
}

function checkFields(fields: Record<string, unknown>, beforeFile: boolean): CreateFormFields {
  const { job, params = '{}', idempotencyKey } = fields;
  if (job === undefined) {
    throw badForm(beforeFile ? 'The field job must come before the file.' : 'The field job is required.', 'job');
  }
  if (!Value.Check(JobName, job)) throw badForm('The field job must be 1 to 200 characters.', 'job');
  if (idempotencyKey !== undefined && !Value.Check(IdempotencyKey, idempotencyKey)) {
    throw badForm('The field idempotencyKey must be 1 to 200 characters of A-Z a-z 0-9 . _ : -', 'idempotencyKey');
  }
  let parsed = params;
  if (typeof params === 'string') {
    try {
      parsed = JSON.parse(params, refusePrototypeKeys);
    } catch (error) {
      if (error instanceof ForbiddenKeyError) throw badForm(error.message, 'params');
      throw badForm('The field params is not valid JSON.', 'params');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badForm('The field params must be a JSON object.', 'params');
  }
  return { job, params: parsed as Record<string, unknown>, idempotencyKey: idempotencyKey as string | undefined };
}

class ForbiddenKeyError extends Error {}

/**
 * The rule Fastify applies to JSON bodies (secure-json-parse, `protoAction` and
 * `constructorAction` 'error'), for the params field of a form: a key that could reach an
 * object's prototype when the params are merged somewhere is refused.
 */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new ForbiddenKeyError('The field params contains the forbidden key __proto__.');
  if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value) {
    throw new ForbiddenKeyError('The field params contains the forbidden key constructor.prototype.');
  }
  return value;
}

/**
 * The file's bytes, failing with a problem as soon as the parser has cut the file at the limit
 * (then it has more than `maxBytes`) or the body turns out malformed or cut short.
 */
async function* withinLimit(part: MultipartFile, maxBytes: number, stall: StallBound): AsyncGenerator<Buffer> {
  const chunks = (part.file as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const stallWatch = watchForStall(part.file, stall);
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw parseProblem(error, maxBytes);
      }
      // The parser marks the stream truncated before the last bytes it lets through are read.
      if (part.file.truncated) throw tooLarge(maxBytes);
      if (next.done) return;
      stallWatch.count(next.value.length);
      yield next.value;
    }
  } finally {
    stallWatch.stop();
    // Stops the parser when the upload ends early (a store failure): the rest of the body is not read.
    await chunks.return?.();
  }
}

function fileContentType(declared: string, name: string): string {
  const type = declared.toLowerCase();
  if (MEDIA_TYPE.test(type) && type !== 'application/octet-stream') return type;
  return mime.getType(name) ?? 'application/octet-stream';
}

/** Problems of the body pass as they are, store failures answer 503; anything else is a fault of ours (500). */
function uploadProblem(error: unknown): unknown {
  if (!(error instanceof ObjectStoreError)) return error;
  return new HttpProblem(503, 'The file could not be stored right now; try again shortly.', {
    headers: { 'retry-after': '5' },
  });
}

/** Errors of the multipart parser (or of the request under it) are the client's: a malformed or truncated body. */
function parseProblem(error: unknown, maxBytes: number): unknown {
  if (error instanceof HttpProblem) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_FILES_LIMIT') return badForm('Only one file may be sent.', FILE_FIELD);
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return new HttpProblem(400, 'The form has too many parts.');
  if (code === 'FST_INVALID_JSON_FIELD_ERROR')
    return badForm('A field sent as application/json is not valid JSON.', 'params');
  return new HttpProblem(400, 'The multipart body is malformed or was cut short.');
}

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(413, `The file is larger than ${maxBytes} bytes (MAX_INPUT_FILE_BYTES).`);
}

function badForm(detail: string, field: string): HttpProblem {
  const errors: FieldError[] = [{ name: field, message: detail }];
  return new HttpProblem(400, detail, { errors });
}
