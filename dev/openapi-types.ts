import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { openApiDocument } from './openapi-document';

/** Where the HTTP client's types live: generated from the API's own document, never by hand. */
export const OPENAPI_TYPES_PATH = new URL('../packages/client/src/http/openapi-types.ts', import.meta.url);

const HEADER = `/**
 * The API's types, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run \`npm run generate:openapi-types\` after changing a route or a schema.
 */
`;

/** The text OPENAPI_TYPES_PATH must hold for today's API, formatted as the repository is. */
export async function generateOpenApiTypes(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as unknown as Parameters<typeof openapiTS>[0]);
  const options = await resolveConfig(OPENAPI_TYPES_PATH);
  return format(HEADER + astToString(ast), { ...options, filepath: OPENAPI_TYPES_PATH.pathname });
}
