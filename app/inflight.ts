// The jobs this process is running, so a graceful shutdown (SIGTERM) can let them finish: a job
// cut off mid-way would leave its check run in progress until another replica adopts it.
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(job: Promise<T>): Promise<T> {
    const settled = job.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return job;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves to true when every job finished, false when `ms` passed first. */
  async drain(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
    const all = (async () => {
      while (this.running.size > 0) await Promise.all([...this.running]);
      return true as const;
    })();
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
