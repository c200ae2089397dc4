import { type Static, type TObject, type TProperties } from 'typebox';
import { Value } from 'typebox/value';

/** Thrown when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the variables a schema names from `env`, converts and defaults them, and returns a
 * frozen object. Every bad variable is named in one line, with the schema's description.
 */
export function loadEnv<T extends TObject<TProperties>>(schema: T, env: NodeJS.ProcessEnv): Readonly<Static<T>> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const raw = env[name];
    const present = raw !== undefined && raw !== '';
    const value = present ? Value.Convert(property, raw) : Value.Default(property, undefined);
    if (value === undefined) {
      if (schema.required?.includes(name)) problems.push(`${name} is required (${describe(property)})`);
      continue;
    }
    if (!Value.Check(property, value) || (present && isNumeric(property) && Number(raw) !== value)) {
      problems.push(`${name}=${JSON.stringify(raw)} is invalid (${describe(property)})`);
      continue;
    }
    result[name] = value;
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return Object.freeze(result) as Readonly<Static<T>>;
}

function isNumeric(property: unknown): boolean {
  const type = (property as { type?: string }).type;
  return type === 'integer' || type === 'number';
}

function describe(property: unknown): string {
  const description = (property as { description?: string }).description;
  return description ?? 'see .env.example';
}
