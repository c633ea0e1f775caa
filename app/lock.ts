// Serialises jobs per key (a pull request, a repository's issues) within this process: two
// deliveries at once would otherwise both find no checklist comment and both create one. This does
// not reach across instances; see docs/app.md ("Running several instances").
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a job running or queued (for tests and logs). */
  get size(): number {
    return this.tails.size;
  }
}
