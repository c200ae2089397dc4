/**
 * The estimated end of a running job, from the pace of its percentage. Shared by the job
 * (which keeps the samples) and every reader (which estimates); no Node built-ins.
 */

/** One observation of the job's percentage: when (ms since the epoch) and how far. */
export type PaceSample = [at: number, percentage: number];

/** Samples kept: the window of the estimate. */
export const MAX_PACE_SAMPLES = 12;

/** Reports closer together than this replace the last sample, so the window spans time, not calls. */
export const MIN_PACE_SPACING_MS = 500;

/** The pace is steady when the recent rate and the whole window's agree within this factor. */
const STEADY_FACTOR = 1.5;

/** The samples after a report of `percentage` at `at`: bounded, and reset when the job goes back. */
export function recordPace(samples: PaceSample[] | undefined, percentage: number, at: number): PaceSample[] {
  const kept = [...(samples ?? [])];
  const last = kept.at(-1);
  if (last && percentage < last[1]) return [[at, percentage]];
  if (last && last[1] === percentage) return kept;
  if (last && kept.length > 1 && at - kept[kept.length - 2]![0] < MIN_PACE_SPACING_MS) kept.pop();
  kept.push([at, percentage]);
  return kept.slice(-MAX_PACE_SAMPLES);
}

/**
 * When the job should reach 100 %, as an ISO time: null unless it has moved at a steady rate
 * over at least 4 samples, and at 0 % or 100 %. It depends on the samples alone (not on the
 * time of asking), so every reader and every API process tells the same time.
 */
export function estimateEta(samples: PaceSample[] | undefined, percentage: number | null): string | null {
  if (!samples || samples.length < 4 || percentage === null || percentage <= 0 || percentage >= 100) return null;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const middle = samples[Math.floor(samples.length / 2)]!;
  const rate = (from: PaceSample, to: PaceSample) => (to[0] > from[0] ? (to[1] - from[1]) / (to[0] - from[0]) : 0);
  const overall = rate(first, last);
  const recent = rate(middle, last);
  if (overall <= 0 || recent <= 0) return null;
  if (Math.max(overall, recent) / Math.min(overall, recent) > STEADY_FACTOR) return null;
  const eta = last[0] + (100 - last[1]) / recent;
  return Number.isFinite(eta) ? new Date(Math.round(eta)).toISOString() : null;
}
