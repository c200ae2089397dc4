import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateOpenApiTypes, OPENAPI_TYPES_PATH } from '../../dev/openapi-types';

describe('the HTTP client’s types', () => {
  it('are generated from the API’s current OpenAPI document (npm run generate:openapi-types)', async () => {
    const committed = await readFile(OPENAPI_TYPES_PATH, 'utf8');
    // A plain equality would print 2,500 lines; this names the fix.
    expect(
      committed === (await generateOpenApiTypes()),
      'packages/client/src/http/openapi-types.ts is stale: run npm run generate:openapi-types',
    ).toBe(true);
  });
});
