/**
 * Waits that end promptly when an AbortSignal fires, so no timer or promise outlives a request.
 */

/** The reason a wait rejects with when its signal fired without a reason of its own. */
function reasonOf(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/** Settles like `promise`, or rejects with the signal's reason if it aborts first. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Never resolves; rejects with the signal's reason once it aborts (a hung backend). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return raceAbort(new Promise<never>(() => {}), signal);
}
