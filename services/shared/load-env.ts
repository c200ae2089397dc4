import { type Static, type TObject, type TProperties } from 'typebox';
import { Value } from 'typebox/value';

/** Thrown when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the variables a schema names from `env`, converts and defaults them, and returns a
 * frozen object. Every bad variable is named in one line, with the schema's description,
 * together with the caller's `extraProblems` (rules that span several variables).
 */
export function loadEnv<T extends TObject<TProperties>>(
  schema: T,
  env: NodeJS.ProcessEnv,
  extraProblems: readonly string[] = [],
): Readonly<Static<T>> {
  const problems = [...extraProblems];
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const raw = env[name];
    const present = raw !== undefined && raw !== '';
    const value = present ? Value.Convert(property, raw) : Value.Default(property, undefined);
    if (value === undefined) {
      if (schema.required?.includes(name)) problems.push(`${name} is required (${describe(property)})`);
      continue;
    }
    // Convert also reads ' 80', '0x50' and '1e3' as numbers; a typo must not become a port.
    if (!Value.Check(property, value) || (present && isNumeric(property) && !isDecimal(raw, value))) {
      problems.push(`${name}=${show(name, raw)} is invalid (${describe(property)})`);
      continue;
    }
    result[name] = value;
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return Object.freeze(result) as Readonly<Static<T>>;
}

function isDecimal(raw: string, value: unknown): boolean {
  return /^-?\d+(\.\d+)?$/.test(raw) && Number(raw) === value;
}

/** Quotes the value (so the message stays on one line), but never echoes a secret into logs. */
function show(name: string, raw = ''): string {
  return /SECRET|PASSWORD|TOKEN|ACCESS_KEY|SEED/.test(name)
    ? `<hidden, ${raw.length} characters>`
    : JSON.stringify(raw);
}

function isNumeric(property: unknown): boolean {
  const type = (property as { type?: string }).type;
  return type === 'integer' || type === 'number';
}

function describe(property: unknown): string {
  const description = (property as { description?: string }).description;
  return description ?? 'see .env.example';
}
