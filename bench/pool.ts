/**
 * Runs `task(0..count-1)` with at most `concurrency` in flight and answers the wall time in
 * ms. The first failure stops new tasks and is rethrown once those in flight have settled.
 */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>) {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const began = performance.now();
  const lane = async () => {
    while (next < count && !failure) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
  return performance.now() - began;
}

/** Times one call, in ms. */
export async function timed(call: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await call();
  return performance.now() - began;
}
