// Reading a failed request: Octokit's errors carry the HTTP status and the response's headers,
// sometimes one or two `cause`s down (an ApiError wraps Octokit's RequestError, which may wrap a
// time-out). These helpers look through that chain so a caller never depends on the wrapping.

const MAX_DEPTH = 5;

function* chain(err: unknown): Generator<object> {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < MAX_DEPTH; e = (e as { cause?: unknown }).cause, depth++) yield e;
}

/** The HTTP status of a failed request, when GitHub answered (the first status on the chain). */
export function httpStatus(err: unknown): number | undefined {
  for (const e of chain(err)) {
    if (!('status' in e)) continue;
    const status = (e as { status: unknown }).status;
    // An ApiError with no status says GitHub did not answer: do not look past it.
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** A header of the response a failed request got, if any error on the chain kept it. */
export function responseHeader(err: unknown, name: string): string | undefined {
  for (const e of chain(err)) {
    const headers = (e as { response?: { headers?: Record<string, unknown> } }).response?.headers;
    if (!headers) continue;
    const value = headers[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  return undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An abort by a caller's signal (fetch's AbortError; Octokit passes it on labelled HTTP 500). */
export function isAbort(err: unknown): boolean {
  for (const e of chain(err)) if ((e as { name?: unknown }).name === 'AbortError') return true;
  return false;
}
