import { describe, expect, it } from 'vitest';
import {
  estimateEta,
  MAX_PACE_SAMPLES,
  recordPace,
  type PaceSample,
} from '../../packages/client/src/contract/progress-eta';

const T0 = Date.parse('2026-01-02T03:00:00.000Z');

/** A job that gains `step` % every `everyMs`, reported `count` times. */
function steady(count: number, step = 5, everyMs = 6000): PaceSample[] {
  let samples: PaceSample[] = [];
  for (let i = 1; i <= count; i++) samples = recordPace(samples, i * step, T0 + i * everyMs);
  return samples;
}

describe('estimateEta', () => {
  it('projects a steady pace to 100 %: 5 % every 6 s at 40 % leaves 72 s', () => {
    const samples = steady(8);
    expect(estimateEta(samples, 40)).toBe(new Date(T0 + 8 * 6000 + 72_000).toISOString());
  });

  it('is null before 4 samples, at 0 % and at 100 %', () => {
    expect(estimateEta(steady(3), 15)).toBeNull();
    expect(estimateEta(undefined, 50)).toBeNull();
    expect(estimateEta(steady(8), 0)).toBeNull();
    expect(estimateEta(steady(20), 100)).toBeNull();
  });

  it('is null while the pace is not steady (the job slowed down a lot)', () => {
    let samples = steady(6);
    // Then 1 % every 30 s.
    for (let i = 1; i <= 6; i++) samples = recordPace(samples, 30 + i, T0 + 36_000 + i * 30_000);
    expect(estimateEta(samples, 36)).toBeNull();
  });

  it('depends on the samples only, not on when it is asked', () => {
    const samples = steady(8);
    expect(estimateEta(samples, 40)).toBe(estimateEta(structuredClone(samples), 40));
  });
});

describe('recordPace', () => {
  it('keeps a bounded window, spaced in time, and starts again when the job goes back', () => {
    expect(steady(50, 1)).toHaveLength(MAX_PACE_SAMPLES);
    // 100 reports within a few ms keep at most two samples.
    let burst: PaceSample[] = [];
    for (let i = 1; i <= 100; i++) burst = recordPace(burst, i / 2, T0 + i);
    expect(burst.length).toBeLessThanOrEqual(2);
    expect(recordPace(steady(5), 3, T0 + 60_000)).toEqual([[T0 + 60_000, 3]]);
    expect(recordPace(steady(5), 25, T0 + 60_000)).toEqual(steady(5));
  });
});
