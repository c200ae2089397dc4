import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Validates each request part with TypeBox. The body is checked exactly as sent; the query
 * string, path and headers arrive as text and are converted first — but only plain decimals
 * become numbers, so `pageSize=2.5` or `pageSize=0x10` is refused rather than read as 2 or 16.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = Compile(schema);
  // Text needs converting only where the schema wants something else; skipped, it saves a walk of every header per request.
  const converts = httpPart !== 'body' && !onlyStringProperties(schema);
  return (value: unknown) => {
    const converted = converts ? convertText(schema, value) : value;
    if (validator.Check(converted)) return { value: converted };
    // Fastify reads `instancePath`, `keyword`, `params` and `message` from each error.
    return { error: validator.Errors(converted) as unknown as Error };
  };
};

function convertText(schema: TSchema, value: unknown): unknown {
  if (!isRecord(value)) return Value.Convert(schema, value);
  // Convert may change the object it is given; keep the text as sent to compare with.
  const sent = { ...value };
  const converted = Value.Convert(schema, { ...value });
  if (!isRecord(converted)) return converted;
  const result: Record<string, unknown> = { ...converted };
  for (const [key, raw] of Object.entries(sent)) {
    const number = result[key];
    // Keep the text when the conversion was lossy; the check then names the field.
    if (typeof raw === 'string' && typeof number === 'number' && !(DECIMAL.test(raw) && Number(raw) === number)) {
      result[key] = raw;
    }
  }
  return result;
}

/** An object schema whose every property is a plain string: text arrives as it is wanted. */
function onlyStringProperties(schema: TSchema): boolean {
  const { type, properties } = schema as { type?: unknown; properties?: Record<string, { type?: unknown }> };
  return type === 'object' && !!properties && Object.values(properties).every((property) => property.type === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
