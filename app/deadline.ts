// A job's time limit. When it passes, the signal aborts (in-flight requests stop, later ones are
// refused by GitHubApi) and the job's promise rejects at once, so the check run is completed as a
// failure instead of hanging in progress. It covers the whole job, from the first request (reading
// the pull request, creating the check run) on: a request that hangs must not hold the pull
// request's lock, and with it every later event for that pull request.
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`the evaluation did not finish within ${ms >= 1000 ? `${Math.round(ms / 1000)} seconds` : `${ms} ms`}`);
    this.name = 'TimeoutError';
  }
}

/** Calls `fire` after `ms`; returns what cancels it. Tests inject one that fires on a signal. */
export type DeadlineTimer = (fire: () => void, ms: number) => () => void;

export const realTimer: DeadlineTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

export class Deadline {
  readonly controller = new AbortController();
  private readonly cancel: () => void;
  private readonly expired: Promise<never>;

  /** `also`: another reason to stop at once (the job's lock was lost); its reason is the error. */
  constructor(
    readonly ms: number,
    also?: AbortSignal,
    timer: DeadlineTimer = realTimer,
  ) {
    let fire: (err: Error) => void = () => undefined;
    this.expired = new Promise<never>((_, reject) => {
      fire = reject;
    });
    // Nobody may be racing when it fires; the rejection is still observed by every later race().
    this.expired.catch(() => undefined);
    this.cancel = timer(() => {
      this.controller.abort();
      fire(new TimeoutError(ms));
    }, ms);
    also?.addEventListener('abort', () => {
      this.controller.abort();
      fire(also.reason instanceof Error ? also.reason : new Error(String(also.reason)));
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The work's result, or a TimeoutError as soon as the deadline passes (the work is abandoned). */
  async race<T>(work: Promise<T>): Promise<T> {
    // After a timeout the work may still reject (its requests are aborted); that is expected.
    work.catch(() => undefined);
    return Promise.race([work, this.expired]);
  }

  clear(): void {
    this.cancel();
  }
}
