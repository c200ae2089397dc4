import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../../services/worker/config';
import { OPERATION_SEARCH_ATTRIBUTES } from '../../packages/client/src/contract/definitions';

const scriptPath = (name: string) => fileURLToPath(new URL(`../../deploy/temporal/${name}`, import.meta.url));
const script = (name: string) => readFileSync(scriptPath(name), 'utf8');
const SCRIPTS = ['setup-postgres.sh', 'register-search-attributes.sh'];

describe('deploy/temporal scripts', () => {
  it('are valid POSIX sh', () => {
    for (const name of SCRIPTS) expect(() => execFileSync('sh', ['-n', scriptPath(name)])).not.toThrow();
  });

  it('need only temporal-sql-tool and the Temporal CLI, which the next Temporal images keep', () => {
    for (const name of SCRIPTS) {
      const commands = script(name)
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n');
      expect(commands, name).not.toMatch(/\b(psql|pg_isready|tctl|temporal-server)\b/);
    }
    // The embedded schemas of the tool's own release, not files of some image.
    expect(script('setup-postgres.sh')).toContain('update-schema --schema-name');
    expect(script('setup-postgres.sh')).toMatch(/postgresql\/v12\/temporal\n[^]*postgresql\/v12\/visibility\n/);
  });

  it('register by default exactly the search attributes of workflows/definitions.ts', () => {
    const defaults = /ATTRIBUTES=\$\{OPERATION_SEARCH_ATTRIBUTES:-([^}]+)\}/.exec(
      script('register-search-attributes.sh'),
    );
    const registered = defaults![1]!
      .split(' ')
      .map((pair) => pair.replace(/=(\w+)$/, (_, type: string) => `=${type.toUpperCase()}`));
    expect(registered.sort()).toEqual(OPERATION_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${key.type}`).sort());
  });

  it('default the namespace retention to the retention of the file cleanup', () => {
    const defaults = /RETENTION=\$\{OPERATION_RETENTION:-(\w+)\}/.exec(script('register-search-attributes.sh'));
    expect(defaults![1]).toBe(loadWorkerConfig({ S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' }).OPERATION_RETENTION);
  });

  it('document each variable they read at the top', () => {
    for (const name of SCRIPTS) {
      const text = script(name);
      const header = text
        .split('\n')
        .filter((line) => line.startsWith('#'))
        .join('\n');
      const read = new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)[:?}-]/g)].map((match) => match[1]!));
      for (const variable of read) expect(header, `${name} reads ${variable}`).toContain(variable);
    }
  });
});
