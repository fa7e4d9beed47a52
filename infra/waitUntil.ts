/**
 * Calls `probe` until it returns something other than `undefined`, for at most `timeoutMs`.
 * A probe that throws counts as "not yet"; its last error ends up in the timeout message.
 * `abort` is checked after every attempt so that a process that died fails the wait at
 * once, with its own explanation, instead of after the whole timeout.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs: number; intervalMs?: number; abort?: () => Error | undefined },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    const abortError = opts.abort?.();
    if (abortError) throw abortError;
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`Timed out after ${opts.timeoutMs} ms waiting for ${what}${reason}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 200));
  }
}
