// `npm run generate:openapi-types`: rewrites the HTTP client's types from the API's document.
import { writeFile } from 'node:fs/promises';
import { generateOpenApiTypes, OPENAPI_TYPES_PATH } from './openapi-types';

await writeFile(OPENAPI_TYPES_PATH, await generateOpenApiTypes());
console.log(`wrote ${OPENAPI_TYPES_PATH.pathname}`);
