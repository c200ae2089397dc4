/**
 * The API's types, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run `npm run generate:openapi-types` after changing a route or a schema.
 */
export interface paths {
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ok';
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: Temporal (with the search attributes) and the object store answer */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ok';
              checks: {
                temporal: 'ok' | 'failed';
                objectStore: 'ok' | 'failed';
              };
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the jobs */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              jobs: {
                name: string;
                description: string;
                /** @description The job's params as a JSON Schema */
                paramsSchema: {
                  [key: string]: unknown;
                };
              }[];
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the caller's operations
     * @description In Temporal visibility's own order: running first, then newest first. Results are eventually consistent.
     */
    get: {
      parameters: {
        query?: {
          /** @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled */
          status?: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
          /** @description A registered job name */
          job?: string;
          pageSize?: number;
          /** @description The nextPageToken of the previous page */
          pageToken?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              operations: {
                id: string;
                job: string;
                userId: string;
                /**
                 * @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled
                 * @enum {unknown}
                 */
                status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
                /** Format: date-time */
                createdAt: string;
                closedAt: string | null;
                links: {
                  self: string;
                };
              }[];
              nextPageToken: string | null;
            };
          };
        };
        /** @description A problem */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Start an operation
     * @description Starts one run of a job, from JSON or from a multipart form with an input file. The form's fields (job, params as a JSON string, idempotencyKey) must come before its one file part, named "file"; the file is stored before the operation starts, and a refused request stores nothing. With an idempotency key (header or field), the same key from the same user returns the first operation with 200 (a file sent again is not stored). 413 for a file over MAX_INPUT_FILE_BYTES; 503 when the object store cannot take the file.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description 1 to 200 characters of A-Z a-z 0-9 . _ : - */
          'idempotency-key'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description A registered job name */
            job: string;
            /** @description The job's params, checked against its schema; {} when absent */
            params?: {
              [key: string]: unknown;
            };
            /** @description 1 to 200 characters of A-Z a-z 0-9 . _ : - */
            idempotencyKey?: string;
          };
          'multipart/form-data': {
            /** @description A registered job name */
            job: string;
            /** @description The job's params as a JSON object; {} when absent */
            params?: string;
            /** @description 1 to 200 characters of A-Z a-z 0-9 . _ : - */
            idempotencyKey?: string;
            /**
             * Format: binary
             * @description The input file, at most MAX_INPUT_FILE_BYTES; the last part, after job and params. Its name is kept as metadata only.
             */
            file?: string;
          };
        };
      };
      responses: {
        /** @description An idempotent replay: the operation the key started before */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The operation id, also its Temporal workflow id */
              id: string;
              job: string;
              /** @description The job's params, defaults filled in */
              params: unknown;
              /** @description The user who started it; only they may see it */
              userId: string;
              /**
               * @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled
               * @enum {unknown}
               */
              status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
              percentage: number | null;
              logs: {
                /** Format: date-time */
                at: string;
                message: string;
              }[];
              output: {
                message: string | null;
                file: {
                  name: string;
                  /** @description In bytes */
                  size: number;
                  contentType: string;
                  /** @description Where to download it (needs the same token) */
                  url: string;
                } | null;
                action: {
                  label: string;
                  href: string;
                  attributes: {
                    [key: string]: string;
                  };
                } | null;
              };
              error: {
                message: string;
              } | null;
              inputFile: {
                name: string;
                /** @description In bytes */
                size: number;
                contentType: string;
                /** @description Where to download it (needs the same token) */
                url: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              startedAt: string | null;
              closedAt: string | null;
              question: {
                /** @description q1, q2…: send it back as questionId */
                id: string;
                /**
                 * @description input: a form from the schema; approval: answer {"approved": true|false}
                 * @enum {unknown}
                 */
                kind: 'input' | 'approval';
                title: string;
                description: string | null;
                /** @description The JSON Schema the answer must fit */
                schema: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                askedAt: string;
                expiresAt: string | null;
              } | null;
              /** @description What happened, from the workflow's own record (bounded) */
              timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {unknown} */
                type:
                  | 'created'
                  | 'started'
                  | 'question-asked'
                  | 'question-answered'
                  | 'question-expired'
                  | 'cancel-requested'
                  | 'completed'
                  | 'failed'
                  | 'canceled';
                /** @description started: attempts its first run took */
                attempts?: number;
                questionId?: string;
                title?: string;
              }[];
              rerunOf: string | null;
              etaAt: string | null;
              webhook: {
                event: 'operation.completed' | 'operation.failed' | 'operation.canceled';
                status: 'pending' | 'delivered' | 'failed';
                attempts: number;
                lastAttemptAt: string | null;
                error: string | null;
              } | null;
              links: {
                self: string;
                /** @description Server-Sent Events of every change */
                events: string;
                /** @description The live status page */
                page: string;
              };
            };
          };
        };
        /** @description The operation was started */
        201: {
          headers: {
            /** @description The path of the operation */
            location?: string;
            /** @description The path of the operation (GET it to follow it) */
            'operation-location'?: string;
            /** @description Seconds to wait before reading again (1); only while the operation is created or running */
            'retry-after'?: number;
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The operation id, also its Temporal workflow id */
              id: string;
              job: string;
              /** @description The job's params, defaults filled in */
              params: unknown;
              /** @description The user who started it; only they may see it */
              userId: string;
              /**
               * @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled
               * @enum {unknown}
               */
              status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
              percentage: number | null;
              logs: {
                /** Format: date-time */
                at: string;
                message: string;
              }[];
              output: {
                message: string | null;
                file: {
                  name: string;
                  /** @description In bytes */
                  size: number;
                  contentType: string;
                  /** @description Where to download it (needs the same token) */
                  url: string;
                } | null;
                action: {
                  label: string;
                  href: string;
                  attributes: {
                    [key: string]: string;
                  };
                } | null;
              };
              error: {
                message: string;
              } | null;
              inputFile: {
                name: string;
                /** @description In bytes */
                size: number;
                contentType: string;
                /** @description Where to download it (needs the same token) */
                url: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              startedAt: string | null;
              closedAt: string | null;
              question: {
                /** @description q1, q2…: send it back as questionId */
                id: string;
                /**
                 * @description input: a form from the schema; approval: answer {"approved": true|false}
                 * @enum {unknown}
                 */
                kind: 'input' | 'approval';
                title: string;
                description: string | null;
                /** @description The JSON Schema the answer must fit */
                schema: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                askedAt: string;
                expiresAt: string | null;
              } | null;
              /** @description What happened, from the workflow's own record (bounded) */
              timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {unknown} */
                type:
                  | 'created'
                  | 'started'
                  | 'question-asked'
                  | 'question-answered'
                  | 'question-expired'
                  | 'cancel-requested'
                  | 'completed'
                  | 'failed'
                  | 'canceled';
                /** @description started: attempts its first run took */
                attempts?: number;
                questionId?: string;
                title?: string;
              }[];
              rerunOf: string | null;
              etaAt: string | null;
              webhook: {
                event: 'operation.completed' | 'operation.failed' | 'operation.canceled';
                status: 'pending' | 'delivered' | 'failed';
                attempts: number;
                lastAttemptAt: string | null;
                error: string | null;
              } | null;
              links: {
                self: string;
                /** @description Server-Sent Events of every change */
                events: string;
                /** @description The live status page */
                page: string;
              };
            };
          };
        };
        /** @description A problem */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        408: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Stream an operation's changes (Server-Sent Events)
     * @description `operation` events carrying the whole Operation, at once and after every change; `: heartbeat` comments every 15 s; the stream closes after the final state. A reconnection whose Last-Event-ID names the current, unfinished state gets no event until the next change. Authenticated by a bearer token or by this operation's browser-session cookie. 404 when the operation does not exist or belongs to someone else.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description An event stream; each `operation` event carries the whole Operation as JSON */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/event-stream': {
              /** @enum {string} */
              event: 'operation';
              id: string;
              data: string;
              retry?: number;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/browser-session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Open a browser session on one operation
     * @description With the user's bearer token: issues a 15-minute token valid for this operation only. With such a token as bearer (a page exchanging its URL fragment): sets it as the cookie. With a share link's token as bearer: issues a view-only session (events and output file only), which ends with the share; a share that is expired, revoked, altered or of another operation answers 404. Either way the token comes back in an HttpOnly, SameSite=Strict cookie with Path /v1/operations/{id}, which the events, cancel and file routes of this operation accept. Needs AUTH_JWT_SECRET (501 otherwise).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              operationId: string;
              /** @description A JWT valid for this operation only; also set as an HttpOnly cookie */
              token: string;
              /** Format: date-time */
              expiresAt: string;
              /** @description The status page with the token in the URL fragment, which browsers never send to servers */
              pageUrl: string;
              /** @description True for a session from a share link: it may watch and download only */
              readOnly: boolean;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        501: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/operations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The live status page of an operation
     * @description An HTML shell; its script reads the operation through the API, so an unknown id or someone else's operation shows "Operation not found". A link may carry a browser-session token in its fragment (#token=…).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/demo': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The demo page: start example jobs and watch them
     * @description Takes a bearer token from its URL fragment (#token=…, as printed by `npm start`).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read an operation
     * @description Answers 404 when it does not exist or belongs to someone else. With `wait=N` (1 to 60 seconds) the answer comes as soon as the operation finishes, or after N seconds with its current state: a long poll on Temporal, no polling. Retry-After while it is unfinished. 429 when the caller already holds too many waiting reads.
     */
    get: {
      parameters: {
        query?: {
          /** @description Seconds (1 to 60) to hold the answer until the operation finishes; after them, its current state */
          wait?: number;
        };
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The operation */
        200: {
          headers: {
            /** @description Seconds to wait before reading again (1); only while the operation is created or running */
            'retry-after'?: number;
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The operation id, also its Temporal workflow id */
              id: string;
              job: string;
              /** @description The job's params, defaults filled in */
              params: unknown;
              /** @description The user who started it; only they may see it */
              userId: string;
              /**
               * @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled
               * @enum {unknown}
               */
              status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
              percentage: number | null;
              logs: {
                /** Format: date-time */
                at: string;
                message: string;
              }[];
              output: {
                message: string | null;
                file: {
                  name: string;
                  /** @description In bytes */
                  size: number;
                  contentType: string;
                  /** @description Where to download it (needs the same token) */
                  url: string;
                } | null;
                action: {
                  label: string;
                  href: string;
                  attributes: {
                    [key: string]: string;
                  };
                } | null;
              };
              error: {
                message: string;
              } | null;
              inputFile: {
                name: string;
                /** @description In bytes */
                size: number;
                contentType: string;
                /** @description Where to download it (needs the same token) */
                url: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              startedAt: string | null;
              closedAt: string | null;
              question: {
                /** @description q1, q2…: send it back as questionId */
                id: string;
                /**
                 * @description input: a form from the schema; approval: answer {"approved": true|false}
                 * @enum {unknown}
                 */
                kind: 'input' | 'approval';
                title: string;
                description: string | null;
                /** @description The JSON Schema the answer must fit */
                schema: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                askedAt: string;
                expiresAt: string | null;
              } | null;
              /** @description What happened, from the workflow's own record (bounded) */
              timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {unknown} */
                type:
                  | 'created'
                  | 'started'
                  | 'question-asked'
                  | 'question-answered'
                  | 'question-expired'
                  | 'cancel-requested'
                  | 'completed'
                  | 'failed'
                  | 'canceled';
                /** @description started: attempts its first run took */
                attempts?: number;
                questionId?: string;
                title?: string;
              }[];
              rerunOf: string | null;
              etaAt: string | null;
              webhook: {
                event: 'operation.completed' | 'operation.failed' | 'operation.canceled';
                status: 'pending' | 'delivered' | 'failed';
                attempts: number;
                lastAttemptAt: string | null;
                error: string | null;
              } | null;
              links: {
                self: string;
                /** @description Server-Sent Events of every change */
                events: string;
                /** @description The live status page */
                page: string;
              };
            };
          };
        };
        /** @description A problem */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel an operation
     * @description Asks the job to stop; the operation ends as canceled once it has. 409 when already finished. A browser may use this operation's session cookie instead of a bearer token, with an X-Requested-With header (403 without it).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The cancel was asked for; the operation as it stands */
        202: {
          headers: {
            /** @description The path of the operation (GET it to follow it) */
            'operation-location'?: string;
            /** @description Seconds to wait before reading again (1); only while the operation is created or running */
            'retry-after'?: number;
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The operation id, also its Temporal workflow id */
              id: string;
              job: string;
              /** @description The job's params, defaults filled in */
              params: unknown;
              /** @description The user who started it; only they may see it */
              userId: string;
              /**
               * @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled
               * @enum {unknown}
               */
              status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
              percentage: number | null;
              logs: {
                /** Format: date-time */
                at: string;
                message: string;
              }[];
              output: {
                message: string | null;
                file: {
                  name: string;
                  /** @description In bytes */
                  size: number;
                  contentType: string;
                  /** @description Where to download it (needs the same token) */
                  url: string;
                } | null;
                action: {
                  label: string;
                  href: string;
                  attributes: {
                    [key: string]: string;
                  };
                } | null;
              };
              error: {
                message: string;
              } | null;
              inputFile: {
                name: string;
                /** @description In bytes */
                size: number;
                contentType: string;
                /** @description Where to download it (needs the same token) */
                url: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              startedAt: string | null;
              closedAt: string | null;
              question: {
                /** @description q1, q2…: send it back as questionId */
                id: string;
                /**
                 * @description input: a form from the schema; approval: answer {"approved": true|false}
                 * @enum {unknown}
                 */
                kind: 'input' | 'approval';
                title: string;
                description: string | null;
                /** @description The JSON Schema the answer must fit */
                schema: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                askedAt: string;
                expiresAt: string | null;
              } | null;
              /** @description What happened, from the workflow's own record (bounded) */
              timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {unknown} */
                type:
                  | 'created'
                  | 'started'
                  | 'question-asked'
                  | 'question-answered'
                  | 'question-expired'
                  | 'cancel-requested'
                  | 'completed'
                  | 'failed'
                  | 'canceled';
                /** @description started: attempts its first run took */
                attempts?: number;
                questionId?: string;
                title?: string;
              }[];
              rerunOf: string | null;
              etaAt: string | null;
              webhook: {
                event: 'operation.completed' | 'operation.failed' | 'operation.canceled';
                status: 'pending' | 'delivered' | 'failed';
                attempts: number;
                lastAttemptAt: string | null;
                error: string | null;
              } | null;
              links: {
                self: string;
                /** @description Server-Sent Events of every change */
                events: string;
                /** @description The live status page */
                page: string;
              };
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/pin': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read whether an operation is pinned
     * @description Owner only. 404 when the operation is not pinned (or not the caller’s).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              operationId: string;
              /** Format: date-time */
              pinnedAt: string;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Keep an operation's files
     * @description Owner only (404 otherwise). The file cleanup keeps a pinned operation's files past OPERATION_RETENTION(_<STATUS>), for as long as Temporal keeps the operation (the namespace's retention). Pinning again keeps the first pin.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              operationId: string;
              /** Format: date-time */
              pinnedAt: string;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /**
     * Unpin an operation
     * @description Owner only. Its files then go with the next cleanup past their retention. 204 whether it was pinned or not.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Unpinned */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/shares': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List an operation's open share links
     * @description Owner only: the shares neither expired nor revoked (the links themselves are not shown again).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              shares: {
                /** @description shr_…; DELETE …/shares/{shareId} revokes it */
                id: string;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                expiresAt: string;
              }[];
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Share an operation with a view-only link
     * @description Owner only. The link shows the live page and the output download, never cancel, answer, rerun or the list, until it expires (24 h by default, at most 7 days) or is revoked. Needs AUTH_JWT_SECRET (501 otherwise).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description How long the link works: 60 s to 7 days; 24 hours by default */
            expiresInSeconds?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              /** @description The view-only page, its token in the URL fragment (browsers send it to no server and in no Referer). Shown only now. */
              url: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string;
            };
          };
        };
        /** @description A problem */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        501: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/shares/{shareId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke a share link
     * @description Owner only. At once, for every API process: the link answers 404, and streams opened with it end.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id */
          id: string;
          /** @description The share id, shr_… */
          shareId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/output-file': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download an operation's output file
     * @description Streams the output file with its content type, length and an attachment Content-Disposition; one byte range per request (206, or 416 past the end). Authenticated by a bearer token or by this operation's browser-session cookie. 404 when the operation does not exist, belongs to someone else or has no output file; 410 when the file was removed after the retention period.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The output file */
        200: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description The requested byte range */
        206: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            /** @description bytes <first>-<last>/<size> */
            'content-range'?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        416: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    /**
     * Download an operation's output file
     * @description Streams the output file with its content type, length and an attachment Content-Disposition; one byte range per request (206, or 416 past the end). Authenticated by a bearer token or by this operation's browser-session cookie. 404 when the operation does not exist, belongs to someone else or has no output file; 410 when the file was removed after the retention period.
     */
    head: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The output file */
        200: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description The requested byte range */
        206: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            /** @description bytes <first>-<last>/<size> */
            'content-range'?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        416: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/input-file': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download an operation's uploaded input file
     * @description Streams the uploaded input file with its content type, length and an attachment Content-Disposition; one byte range per request (206, or 416 past the end). Authenticated by a bearer token or by this operation's browser-session cookie. 404 when the operation does not exist, belongs to someone else or has no uploaded input file; 410 when the file was removed after the retention period.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The uploaded input file */
        200: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description The requested byte range */
        206: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            /** @description bytes <first>-<last>/<size> */
            'content-range'?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        416: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    /**
     * Download an operation's uploaded input file
     * @description Streams the uploaded input file with its content type, length and an attachment Content-Disposition; one byte range per request (206, or 416 past the end). Authenticated by a bearer token or by this operation's browser-session cookie. 404 when the operation does not exist, belongs to someone else or has no uploaded input file; 410 when the file was removed after the retention period.
     */
    head: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The uploaded input file */
        200: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description The requested byte range */
        206: {
          headers: {
            /** @description attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, RFC 8187> */
            'content-disposition'?: string;
            'content-length'?: number;
            'x-content-type-options'?: 'nosniff';
            'accept-ranges'?: 'bytes';
            etag?: string;
            /** @description bytes <first>-<last>/<size> */
            'content-range'?: string;
            [name: string]: unknown;
          };
          content: {
            '*/*': string;
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        416: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/input': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Answer an operation's question
     * @description Answers the question of an operation that is `waiting` (its `question`). 422 lists the fields that fail the question's schema; 409 when no question is open (or `questionId` names another); 410 when the question expired; 413 over 64 KiB. The same answer sent twice is recorded once. Works while no worker runs: the job goes on when one starts. A browser may use this operation's session cookie with an X-Requested-With header.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The answer, checked against the open question's schema (at most 64 KiB as JSON); an approval answers {"approved": true|false} */
            answer: unknown;
            /** @description The question this answers (question.id); a 409 when another one is open now */
            questionId?: string;
          };
        };
      };
      responses: {
        /** @description An operation */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The operation id, also its Temporal workflow id */
              id: string;
              job: string;
              /** @description The job's params, defaults filled in */
              params: unknown;
              /** @description The user who started it; only they may see it */
              userId: string;
              /**
               * @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled
               * @enum {unknown}
               */
              status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
              percentage: number | null;
              logs: {
                /** Format: date-time */
                at: string;
                message: string;
              }[];
              output: {
                message: string | null;
                file: {
                  name: string;
                  /** @description In bytes */
                  size: number;
                  contentType: string;
                  /** @description Where to download it (needs the same token) */
                  url: string;
                } | null;
                action: {
                  label: string;
                  href: string;
                  attributes: {
                    [key: string]: string;
                  };
                } | null;
              };
              error: {
                message: string;
              } | null;
              inputFile: {
                name: string;
                /** @description In bytes */
                size: number;
                contentType: string;
                /** @description Where to download it (needs the same token) */
                url: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              startedAt: string | null;
              closedAt: string | null;
              question: {
                /** @description q1, q2…: send it back as questionId */
                id: string;
                /**
                 * @description input: a form from the schema; approval: answer {"approved": true|false}
                 * @enum {unknown}
                 */
                kind: 'input' | 'approval';
                title: string;
                description: string | null;
                /** @description The JSON Schema the answer must fit */
                schema: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                askedAt: string;
                expiresAt: string | null;
              } | null;
              /** @description What happened, from the workflow's own record (bounded) */
              timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {unknown} */
                type:
                  | 'created'
                  | 'started'
                  | 'question-asked'
                  | 'question-answered'
                  | 'question-expired'
                  | 'cancel-requested'
                  | 'completed'
                  | 'failed'
                  | 'canceled';
                /** @description started: attempts its first run took */
                attempts?: number;
                questionId?: string;
                title?: string;
              }[];
              rerunOf: string | null;
              etaAt: string | null;
              webhook: {
                event: 'operation.completed' | 'operation.failed' | 'operation.canceled';
                status: 'pending' | 'delivered' | 'failed';
                attempts: number;
                lastAttemptAt: string | null;
                error: string | null;
              } | null;
              links: {
                self: string;
                /** @description Server-Sent Events of every change */
                events: string;
                /** @description The live status page */
                page: string;
              };
            };
          };
        };
        /** @description A problem */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/operations/{id}/rerun': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run a finished operation again
     * @description Starts a new operation of the same job with the same params, or with `params` edited (checked against the job's schema: 422). The input file, if any, is reused. The new operation's `rerunOf` names this one; `session` is a browser session on it (as browser-session issues), so a page can watch it. 409 while this one has not finished. A browser may use this operation's session cookie with an X-Requested-With header.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The operation id, e.g. op_01J… */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Edited params, checked against the job's schema; the original's when absent */
            params?: unknown;
          };
        };
      };
      responses: {
        /** @description The new operation */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The operation id, also its Temporal workflow id */
              id: string;
              job: string;
              /** @description The job's params, defaults filled in */
              params: unknown;
              /** @description The user who started it; only they may see it */
              userId: string;
              /**
               * @description created (not yet picked up by a worker), running, waiting (the job asked a question: see `question` and POST …/input), completed, failed or canceled
               * @enum {unknown}
               */
              status: 'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
              percentage: number | null;
              logs: {
                /** Format: date-time */
                at: string;
                message: string;
              }[];
              output: {
                message: string | null;
                file: {
                  name: string;
                  /** @description In bytes */
                  size: number;
                  contentType: string;
                  /** @description Where to download it (needs the same token) */
                  url: string;
                } | null;
                action: {
                  label: string;
                  href: string;
                  attributes: {
                    [key: string]: string;
                  };
                } | null;
              };
              error: {
                message: string;
              } | null;
              inputFile: {
                name: string;
                /** @description In bytes */
                size: number;
                contentType: string;
                /** @description Where to download it (needs the same token) */
                url: string;
              } | null;
              /** Format: date-time */
              createdAt: string;
              startedAt: string | null;
              closedAt: string | null;
              question: {
                /** @description q1, q2…: send it back as questionId */
                id: string;
                /**
                 * @description input: a form from the schema; approval: answer {"approved": true|false}
                 * @enum {unknown}
                 */
                kind: 'input' | 'approval';
                title: string;
                description: string | null;
                /** @description The JSON Schema the answer must fit */
                schema: {
                  [key: string]: unknown;
                };
                /** Format: date-time */
                askedAt: string;
                expiresAt: string | null;
              } | null;
              /** @description What happened, from the workflow's own record (bounded) */
              timeline: {
                /** Format: date-time */
                at: string;
                /** @enum {unknown} */
                type:
                  | 'created'
                  | 'started'
                  | 'question-asked'
                  | 'question-answered'
                  | 'question-expired'
                  | 'cancel-requested'
                  | 'completed'
                  | 'failed'
                  | 'canceled';
                /** @description started: attempts its first run took */
                attempts?: number;
                questionId?: string;
                title?: string;
              }[];
              rerunOf: string | null;
              etaAt: string | null;
              webhook: {
                event: 'operation.completed' | 'operation.failed' | 'operation.canceled';
                status: 'pending' | 'delivered' | 'failed';
                attempts: number;
                lastAttemptAt: string | null;
                error: string | null;
              } | null;
              links: {
                self: string;
                /** @description Server-Sent Events of every change */
                events: string;
                /** @description The live status page */
                page: string;
              };
              session: {
                /** @description A session token for the new operation only (see browser-session) */
                token: string;
                /** Format: date-time */
                expiresAt: string;
              } | null;
            };
          };
        };
        /** @description A problem */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A problem */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': {
              /** @description A URI naming the kind of problem; about:blank means the HTTP status says it all */
              type: string;
              /** @description A short summary of the kind of problem */
              title: string;
              /** @description The HTTP status code */
              status: number;
              /** @description What went wrong with this request */
              detail?: string;
              /** @description The failing fields of a validation error (at most 100) */
              errors?: {
                /** @description A JSON pointer into the request body */
                path?: string;
                /** @description A query, header or path parameter */
                name?: string;
                message: string;
              }[];
              /** @description How many fields failed; errors lists the first 100 */
              errorCount?: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
