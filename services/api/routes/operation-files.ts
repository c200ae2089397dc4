import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ObjectStore } from '@temporal-operations/jobs';
import { isOperationFile } from '@temporal-operations/jobs';
import { sendStoredFile } from '../downloads/send-stored-file';
import { readOwnOperation } from '../own-operation';
import { HttpProblem } from '../problem';
import { OperationIdParams } from '../schemas/common';
import { problemResponses } from '../schemas/problem';

const FILES = {
  'output-file': { what: 'output file', pick: 'output' },
  'input-file': { what: 'uploaded input file', pick: 'input' },
} as const;

const FileBody = { '*/*': { schema: Type.String({ format: 'binary' }) } };

const FileHeaders = {
  'content-disposition': {
    type: 'string',
    description: `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187>`,
  },
  'content-length': { type: 'integer' },
  'x-content-type-options': { type: 'string', enum: ['nosniff'] },
  'accept-ranges': { type: 'string', enum: ['bytes'] },
  etag: { type: 'string' },
};

/**
 * `GET /v1/operations/{id}/output-file` and `…/input-file`: the owner's files, streamed from
 * the object store. Accepted credentials are those of the operation's other browser-facing
 * routes: a bearer token, or this operation's session cookie (a download link is a plain
 * navigation, which sends no Authorization header).
 */
const operationFileRoutes: FastifyPluginAsyncTypebox<{ objectStore: ObjectStore }> = async (app, { objectStore }) => {
  for (const [path, { what, pick }] of Object.entries(FILES)) {
    app.route({
      // HEAD is declared, not derived from GET: Fastify's derived HEAD would report a length of 0.
      method: ['GET', 'HEAD'],
      url: `/v1/operations/:id/${path}`,
      // A share link may download the output, never the input its owner uploaded.
      config: { operationSession: true, shareable: pick === 'output' },
      schema: {
        summary: `Download an operation's ${what}`,
        description: `Streams the ${what} with its content type, length and an attachment Content-Disposition; one byte range per request (206, or 416 past the end). Authenticated by a bearer token or by this operation's browser-session cookie. 404 when the operation does not exist, belongs to someone else or has no ${what}; 410 when the file was removed after the retention period.`,
        tags: ['operations'],
        params: OperationIdParams,
        response: {
          200: { description: `The ${what}`, headers: FileHeaders, content: FileBody },
          206: {
            description: 'The requested byte range',
            headers: {
              ...FileHeaders,
              'content-range': { type: 'string', description: 'bytes <first>-<last>/<size>' },
            },
            content: FileBody,
          },
          ...problemResponses(401, 404, 410, 416, 503),
        },
      },
      handler: async (request, reply) => {
        const { id } = request.params;
        const record = await readOwnOperation(app, request, id);
        const file = pick === 'output' ? record.output.file : record.inputFile;
        if (!file || !isOperationFile(file, id)) throw new HttpProblem(404, `This operation has no ${what}.`);
        return sendStoredFile(request, reply, objectStore, file);
      },
    });
  }
};

export default operationFileRoutes;
