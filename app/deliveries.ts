// Duplicate deliveries. GitHub delivers each event at least once: a redelivery (same
// X-GitHub-Delivery id), or the same event twice under different ids, must not produce a second
// check run, comment reply or remediation issue. Each event is known by its delivery id and, where
// the payload allows, by what it is about (an EventKey: "pull request #7" and "synchronize to head
// H on base B"). A second event with the same key is a duplicate only while it is still the latest
// thing seen for its subject: pushes of H, C, then H again make the third a new event, whatever the
// clock says (timestamps have one-second resolution and are not used). A delivery whose key was
// already handled successfully in this process is skipped; one that is still running is waited
// for, then skipped. A delivery whose job failed is run again: redelivering is how a failure is
// retried (docs/app.md). The memory is bounded and per process, like the per-PR lock; across
// instances the checks of checklistComment.ts and remediation.ts still apply.
export const MAX_REMEMBERED = 2000;

/** What an event is about (`subject`: a pull request, a comment) and what it says about it (`key`). */
export interface EventKey {
  subject: string;
  key: string;
}

export class Deliveries {
  /** Key → whether the job that claimed it succeeded (pending while it runs). */
  private readonly handled = new Map<string, Promise<boolean>>();
  /** Subject → the key of the latest event seen about it. */
  private readonly latest = new Map<string, string>();

  /**
   * Runs `job` unless its delivery id, or its event while still the latest about its subject,
   * belongs to a delivery that succeeded. `ok` says whether a job's result counts as success.
   * Resolves to whether it ran.
   */
  async once<T>(delivery: string, event: EventKey | undefined, job: () => Promise<T>, ok: (result: T) => boolean): Promise<{ ran: true; result: T } | { ran: false }> {
    const own = [delivery];
    if (event) {
      const eventKey = `${event.subject}\u0000${event.key}`;
      // Something else happened to the subject since this event was last seen: not a duplicate.
      if (this.latest.get(event.subject) !== event.key) this.handled.delete(eventKey);
      this.bounded(this.latest, event.subject, event.key);
      own.push(eventKey);
    }
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
    this.bounded(this.handled, key, p);
  }

  /** Sets a key as the newest of a map that keeps the last MAX_REMEMBERED. */
  private bounded<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    while (map.size > MAX_REMEMBERED) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }

  /** Keys remembered (for tests). */
  get size(): number {
    return this.handled.size;
  }
}
