import { Type } from 'typebox';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** A duration variable such as `30s`, `12h` or `7d`. */
export const Duration = (description: string, defaultValue: string) =>
  Type.String({ pattern: DURATION.source, default: defaultValue, description: `${description}, e.g. 30s, 12h, 7d` });

/** A duration variable with no default of its own (another variable's value applies). */
export const OptionalDuration = (description: string) =>
  Type.String({ pattern: DURATION.source, description: `${description}, e.g. 30s, 12h, 7d` });

/** Milliseconds of a duration string that matched `Duration`. */
export function durationMs(value: string): number {
  const match = DURATION.exec(value);
  if (!match) throw new RangeError(`Not a duration: ${value}`);
  return Number(match[1]) * (UNITS[match[2]!] ?? 0);
}
