import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import {
  encodeSearchAttributeIndexedValueType,
  type SearchAttributeKey as Key,
} from '@temporalio/common/lib/search-attributes';
import { DevServicesError } from './dev-services-error';

/** The CLI's spelling of each search attribute type (`--search-attribute name=Keyword`). */
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** A search attribute's name and type, as `defineSearchAttributeKey` makes it. */
export type SearchAttributeKey = Key<SearchAttributeType>;

/** `--search-attribute` flags for `temporal server start-dev`. */
export function searchAttributeFlags(keys: readonly SearchAttributeKey[]): string[] {
  return keys.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}

/**
 * Registers the search attributes that `namespace` lacks, through the operator service.
 * `--search-attribute` only applies when the database file is new, so an existing file
 * needs this. Returns the names it added; fails if one exists with another type.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly SearchAttributeKey[],
): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = customAttributes ?? {};
  const missing: SearchAttributeKey[] = [];
  for (const key of keys) {
    const wanted = indexedValueType(key);
    const actual = existing[key.name];
    if (actual === undefined) missing.push(key);
    else if (actual !== wanted) {
      throw new DevServicesError(
        `search attribute ${key.name} exists in namespace ${namespace} with another type than ${CLI_TYPE_NAMES[key.type]}; use a new database file`,
      );
    }
  }
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType(key)])),
  });
  return missing.map((key) => key.name);
}

function indexedValueType(key: SearchAttributeKey) {
  const type = encodeSearchAttributeIndexedValueType(key.type);
  if (type === undefined) throw new Error(`unknown search attribute type ${key.type}`);
  return type;
}
