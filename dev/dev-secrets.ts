import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DevServicesError } from './dev-services-error';

/** Random secrets of the local stack, made once and kept so tokens and data survive restarts. */
export interface DevSecrets {
  s3AccessKey: string;
  s3SecretKey: string;
  /** HS256 secret of the demo tokens (AUTH_JWT_SECRET). */
  jwtSecret: string;
}

/** Reads `<dataDir>/dev-secrets.json`, creating it (mode 0600) on the first run. */
export async function loadDevSecrets(dataDir: string): Promise<DevSecrets> {
  const path = join(dataDir, 'dev-secrets.json');
  const fresh: DevSecrets = { s3AccessKey: random(15), s3SecretKey: random(30), jwtSecret: random(48) };
  try {
    // 'wx' fails when the file exists, so two starts never overwrite each other's secrets.
    await writeFile(path, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const kept = parse(await readFile(path, 'utf8'));
  if (!kept) throw new DevServicesError(`${path} is not valid: delete it and start again to make new secrets`);
  return kept;
}

function parse(text: string): DevSecrets | null {
  try {
    const value = JSON.parse(text) as Partial<DevSecrets>;
    const valid = [value.s3AccessKey, value.s3SecretKey, value.jwtSecret].every(
      (s) => typeof s === 'string' && s.length >= 8,
    );
    return valid && (value.jwtSecret?.length ?? 0) >= 32 ? (value as DevSecrets) : null;
  } catch {
    return null;
  }
}

function random(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
