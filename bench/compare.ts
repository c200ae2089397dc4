import { runPool } from './pool';
import { cpuReading, machineCpu, type ProcessSet } from './proc';
import { summarize, throughput, type Summary } from './stats';

/** One side of a comparison: what one operation is. */
export interface Side {
  name: string;
  run(): Promise<void>;
}

export interface SideResult {
  name: string;
  count: number;
  /** Wall time of this side's rounds, summed. */
  elapsedMs: number;
  /** Operations per second over `elapsedMs`. */
  throughput: number;
  /** Per operation, in ms. */
  latencyMs: Summary;
  /** CPU time each process used per operation during this side's rounds, in ms. */
  cpuMsPerOperation: Record<string, number>;
  /** Cores the measured processes kept busy together (CPU time ÷ wall time). */
  coresUsed: number;
  /** Share of the whole machine's CPU that was busy (any process, ours or not), 0..1. */
  machineBusy: number;
}

export interface ComparisonOptions {
  /** Operations per side, measured. */
  count: number;
  concurrency: number;
  /** The sides take turns this many times (ABBA order), so that drift hits both alike. */
  rounds: number;
  /** Unmeasured operations per side first. */
  warmup: number;
  /** Processes whose CPU time is accounted to each side. */
  processes: ProcessSet;
}

/**
 * Runs two sides in alternating rounds at the same concurrency and answers each side's
 * throughput, latency and CPU per operation. Any failed operation fails the comparison.
 */
export async function compareSides(
  sides: readonly [Side, Side],
  options: ComparisonOptions,
): Promise<[SideResult, SideResult]> {
  const { count, concurrency, rounds, warmup, processes } = options;
  for (const side of sides) await runPool(warmup, concurrency, () => side.run());
  const totals = sides.map(() => ({
    elapsedMs: 0,
    latencies: [] as number[],
    cpu: {} as Record<string, number>,
    machine: { busy: 0, total: 0 },
  }));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    const perRound = Math.floor(count / rounds) + (round < count % rounds ? 1 : 0);
    for (const index of order) {
      const side = sides[index]!;
      const total = totals[index]!;
      const cpu = cpuReading(processes);
      const machineBefore = machineCpu();
      total.elapsedMs += await runPool(perRound, concurrency, async () => {
        const began = performance.now();
        await side.run();
        total.latencies.push(performance.now() - began);
      });
      for (const [role, ms] of Object.entries(cpu.since())) total.cpu[role] = (total.cpu[role] ?? 0) + ms;
      const machineAfter = machineCpu();
      total.machine.busy += machineAfter.busy - machineBefore.busy;
      total.machine.total += machineAfter.total - machineBefore.total;
    }
  }
  return sides.map((side, index) => {
    const total = totals[index]!;
    const measured = total.latencies.length;
    const cpuMs = Object.values(total.cpu).reduce((sum, ms) => sum + ms, 0);
    return {
      name: side.name,
      count: measured,
      elapsedMs: total.elapsedMs,
      throughput: throughput(measured, total.elapsedMs),
      latencyMs: summarize(total.latencies)!,
      cpuMsPerOperation: Object.fromEntries(Object.entries(total.cpu).map(([role, ms]) => [role, ms / measured])),
      coresUsed: cpuMs / total.elapsedMs,
      machineBusy: total.machine.total > 0 ? total.machine.busy / total.machine.total : 0,
    };
  }) as [SideResult, SideResult];
}
