import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms; null when it is gone. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident memory of a process in MiB: now (VmRSS) and its peak so far (VmHWM). */
export function memoryMiB(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; answers the highest sample and the kernel's peak. */
export function sampleMemory(pid: number, intervalMs = 500) {
  let peakSample = 0;
  let samples = 0;
  const take = () => {
    const memory = memoryMiB(pid);
    if (!memory) return;
    samples++;
    peakSample = Math.max(peakSample, memory.rss);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakRssMiB: peakSample, kernelPeakMiB: memoryMiB(pid)?.peak ?? null, samples };
    },
  };
}

/** The processes whose CPU a bench accounts for, by role. */
export type ProcessSet = Record<string, number>;

/** A reading of every process's CPU time; `since` answers the ms each used after the reading. */
export function cpuReading(processes: ProcessSet) {
  const read = () =>
    Object.fromEntries(
      Object.entries(processes).map(([role, pid]) => [role, pid === process.pid ? ownCpuMs() : (cpuMs(pid) ?? 0)]),
    );
  const start = read();
  return {
    since(): Record<string, number> {
      const now = read();
      return Object.fromEntries(Object.entries(now).map(([role, ms]) => [role, ms - (start[role] ?? 0)]));
    },
  };
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** The whole machine's CPU time so far, from /proc/stat: busy and total, in clock ticks (all cores). */
export function machineCpu(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    // idle and iowait are the 4th and 5th.
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
}
