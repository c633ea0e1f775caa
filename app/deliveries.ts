// Duplicate deliveries. GitHub delivers each event at least once: a redelivery (same
// X-GitHub-Delivery id), or the same event twice under different ids, must not produce a second
// check run, comment reply or remediation issue. Each event is known by its delivery id and, where
// the payload allows, by what it is (a fingerprint such as "pull_request.synchronize of #7 at this
// head, updated at this time": two different events never share one). A delivery whose key was
// already handled successfully in this process is skipped; one that is still running is waited
// for, then skipped. A delivery whose job failed is run again: redelivering is how a failure is
// retried (docs/app.md). The memory is bounded and per process, like the per-PR lock; across
// instances the checks of checklistComment.ts and remediation.ts still apply.
export const MAX_REMEMBERED = 2000;

export class Deliveries {
  /** Key → whether the job that claimed it succeeded (pending while it runs). */
  private readonly handled = new Map<string, Promise<boolean>>();

  /**
   * Runs `job` unless one of `keys` (undefined entries ignored) belongs to a delivery that
   * succeeded. `ok` says whether a job's result counts as success. Resolves to whether it ran.
   */
  async once<T>(keys: readonly (string | undefined)[], job: () => Promise<T>, ok: (result: T) => boolean): Promise<{ ran: true; result: T } | { ran: false }> {
    const own = keys.filter((k): k is string => k !== undefined);
    const earlier = [...new Set(own.map((k) => this.handled.get(k)).filter((p): p is Promise<boolean> => p !== undefined))];
    let settle: (ok: boolean) => void = () => undefined;
    const mine = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    // Claimed before waiting, so a third delivery waits for this one rather than racing it.
    for (const k of own) this.remember(k, mine);
    try {
      for (const p of earlier) {
        if (await p) {
          settle(true);
          return { ran: false };
        }
      }
      const result = await job();
      settle(ok(result));
      return { ran: true, result };
    } catch (err) {
      settle(false);
      throw err;
    }
  }

  private remember(key: string, p: Promise<boolean>): void {
    this.handled.delete(key);
    this.handled.set(key, p);
    while (this.handled.size > MAX_REMEMBERED) {
      const oldest = this.handled.keys().next().value;
      if (oldest === undefined) break;
      this.handled.delete(oldest);
    }
  }

  /** Keys remembered (for tests). */
  get size(): number {
    return this.handled.size;
  }
}
