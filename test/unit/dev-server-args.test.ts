import { describe, expect, it } from 'vitest';
import { s3ServerArgs } from '../../dev/s3-server';
import { searchAttributeFlags } from '../../dev/search-attributes';
import { temporalDevServerArgs } from '../../dev/temporal-dev-server';
import { OPERATION_SEARCH_ATTRIBUTES } from '../../packages/client/src/contract/definitions';

describe('temporalDevServerArgs', () => {
  const base = { port: 7233, namespace: 'default', searchAttributes: OPERATION_SEARCH_ATTRIBUTES };

  it('runs in memory and headless on loopback, with the search attributes and no version check', () => {
    expect(temporalDevServerArgs({ ...base, uiPort: null, dbFile: null })).toEqual([
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      '7233',
      '--headless',
      '--search-attribute',
      'userId=Keyword',
      '--search-attribute',
      'operationJob=Keyword',
      '--search-attribute',
      'operationStatus=Keyword',
      '--dynamic-config-value',
      'frontend.enableServerVersionCheck=false',
      '--dynamic-config-value',
      'matching.enableFairness=true',
      '--dynamic-config-value',
      'matching.numTaskqueueReadPartitions=1',
      '--dynamic-config-value',
      'matching.numTaskqueueWritePartitions=1',
      '--log-level',
      'warn',
    ]);
  });

  it('serves the UI and keeps state in a file when asked', () => {
    const args = temporalDevServerArgs({ ...base, uiPort: 8233, dbFile: '/data/temporal.db' });
    expect(args).not.toContain('--headless');
    expect(args.join(' ')).toContain('--ui-port 8233 --db-filename /data/temporal.db');
  });

  it('asks for a namespace other than "default", which always exists', () => {
    const args = temporalDevServerArgs({ ...base, namespace: 'tests', uiPort: null, dbFile: null });
    expect(args.join(' ')).toContain('--namespace tests');
  });
});

describe('searchAttributeFlags', () => {
  it('spells each type as the CLI does', () => {
    expect(
      searchAttributeFlags([
        { name: 'a', type: 'KEYWORD_LIST' },
        { name: 'b', type: 'DATETIME' },
      ]),
    ).toEqual(['--search-attribute', 'a=KeywordList', '--search-attribute', 'b=Datetime']);
  });
});

describe('s3ServerArgs', () => {
  it('puts global flags before posix and the sidecar outside the bucket root', () => {
    expect(s3ServerArgs({ port: 7070, dir: '/data/s3', region: 'us-east-1' })).toEqual([
      '--port',
      '127.0.0.1:7070',
      '--region',
      'us-east-1',
      '--quiet',
      'posix',
      '--sidecar',
      '/data/s3/meta',
      '/data/s3/data',
    ]);
  });

  it('refuses a relative directory, since versitygw changes into its root', () => {
    expect(() => s3ServerArgs({ port: 7070, dir: 'data/s3', region: 'us-east-1' })).toThrow(/absolute/);
  });
});
