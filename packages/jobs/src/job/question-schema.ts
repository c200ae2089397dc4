import type { ValidateFunction } from 'ajv';
import { createSchemaAjv, MAX_LISTED_PARAMS_ERRORS, toFieldError, type ParamsError } from './params-check';

/**
 * The JSON Schema subset the status page's form renders: an object whose fields are strings
 * (min/max length, pattern), numbers or integers (bounds), booleans, enums (radio or select)
 * and arrays of enums (checkboxes). Checked when the job asks, so a schema the person could not
 * answer fails the job at once, with the reason, rather than leaving them a broken form.
 */
export function questionSchemaProblems(schema: unknown): string[] {
  if (!isObject(schema)) return ['the schema must be a JSON Schema object'];
  if (schema.type !== 'object' || !isObject(schema.properties)) {
    return ['the schema must be {"type":"object","properties":{…}}: the form asks for named fields'];
  }
  const names = Object.keys(schema.properties);
  const problems: string[] = [];
  if (names.length === 0) problems.push('the schema has no fields');
  if (names.length > MAX_FIELDS)
    problems.push(`the schema has ${names.length} fields; the form shows at most ${MAX_FIELDS}`);
  for (const name of names) {
    const problem = fieldProblem(schema.properties[name]);
    if (problem) problems.push(`field "${name}" ${problem}`);
  }
  const required = schema.required;
  if (required !== undefined) {
    if (!Array.isArray(required) || required.some((name) => typeof name !== 'string' || !names.includes(name))) {
      problems.push('"required" must list names of the schema\'s own fields');
    }
  }
  if (problems.length === 0) {
    try {
      ajv.compile(schema);
    } catch (error) {
      problems.push(`the schema does not compile: ${(error as Error).message}`);
    } finally {
      ajv.removeSchema(schema);
    }
  }
  return problems;
}

const MAX_FIELDS = 50;
const MAX_CHOICES = 100;

/** Why the form cannot render one field, or null when it can. */
function fieldProblem(field: unknown): string | null {
  if (!isObject(field)) return 'must be a schema object';
  if (enumChoices(field) !== null) return choicesProblem(enumChoices(field)!);
  switch (field.type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return null;
    case 'array': {
      const choices = isObject(field.items) ? enumChoices(field.items) : null;
      if (choices === null) return 'is an array the form cannot render: only an array of enum values (checkboxes)';
      return choicesProblem(choices);
    }
    default:
      return `has type ${JSON.stringify(field.type ?? null)}, which the form cannot render (string, number, integer, boolean, enum, array of enum)`;
  }
}

function choicesProblem(choices: unknown[]): string | null {
  if (choices.length === 0) return 'has no choices';
  if (choices.length > MAX_CHOICES) return `has more than ${MAX_CHOICES} choices`;
  if (choices.some((choice) => typeof choice !== 'string' && typeof choice !== 'number')) {
    return 'has a choice that is not a string or a number';
  }
  return null;
}

/** The choices of an enum field: `enum`, or `anyOf` of `const` (TypeBox's union of literals); else null. */
export function enumChoices(field: Record<string, unknown>): unknown[] | null {
  if (Array.isArray(field.enum)) return field.enum;
  if (Array.isArray(field.anyOf) && field.anyOf.every((option) => isObject(option) && 'const' in option)) {
    return field.anyOf.map((option) => (option as { const: unknown }).const);
  }
  return null;
}

const ajv = createSchemaAjv();

/** One failing field of an answer: a JSON pointer into the answer and what is wrong. */
export type AnswerError = ParamsError;

export type AnswerCheck = { ok: true; answer: unknown } | { ok: false; errors: AnswerError[] };

/**
 * Checks an answer against its question's schema, every failing field at once. The compiled
 * schema is dropped afterwards: questions come and go, and Ajv would keep each one.
 */
export function checkAnswer(schema: Record<string, unknown>, answer: unknown): AnswerCheck {
  return checkAnswerAt(schema, answer, '/answer');
}

/** `checkAnswer` with the errors' paths under `root`: '' for pointers into the answer itself. */
export function checkAnswerAt(schema: Record<string, unknown>, answer: unknown, root: string): AnswerCheck {
  const copy = structuredClone(answer);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch {
    return { ok: false, errors: [{ path: root, message: 'cannot be checked: the question has a broken schema' }] };
  }
  try {
    if (validate(copy)) return { ok: true, answer: copy };
    const errors = (validate.errors ?? []).slice(0, MAX_LISTED_PARAMS_ERRORS);
    return { ok: false, errors: errors.map((error) => toFieldError(error, root)) };
  } finally {
    ajv.removeSchema(schema);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
