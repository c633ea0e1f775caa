// A job's time limit. When it passes, the signal aborts (in-flight requests stop, later ones are
// refused by GitHubApi) and the job's promise rejects at once, so the check run is completed as a
// failure instead of hanging in progress.
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`the evaluation did not finish within ${ms >= 1000 ? `${Math.round(ms / 1000)} seconds` : `${ms} ms`}`);
    this.name = 'TimeoutError';
  }
}

export async function withDeadline<T>(ms: number, controller: AbortController, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(ms));
    }, ms);
  });
  const running = work();
  // After a timeout the work may still reject (its requests are aborted); that is expected.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
