// How a pull talks to a flaky source: every attempt has a deadline (AbortSignal), transient
// failures (network errors, timeouts, 5xx, 429) are retried with exponential backoff and full
// jitter (a random wait in [0, min(cap, base·2^attempt)], so many connectors that failed together
// do not retry together), and permanent ones (other 4xx, malformed data) fail at once: asking
// again would get the same answer.

export interface RetryPolicy {
  /** deadline of one attempt */
  timeoutMs: number;
  /** attempts after the first */
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** A failure worth another attempt; `retryAfterMs` is the source's own Retry-After. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** Full-jitter exponential backoff for attempt 0, 1, 2… */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random) {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Retry-After as seconds or an HTTP date → milliseconds from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export interface AttemptLog {
  attempts: number;
  errors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` with a fresh deadline signal until it succeeds, fails permanently, or the retries
 * are spent. A Retry-After longer than `retryMaxMs` ends the run instead of waiting that long.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (signal: AbortSignal) => Promise<T>,
  log: AttemptLog = { attempts: 0, errors: [] },
): Promise<T> {
  for (let n = 0; ; n++) {
    log.attempts++;
    try {
      return await attempt(AbortSignal.timeout(policy.timeoutMs));
    } catch (error) {
      const e = classify(error, policy.timeoutMs);
      log.errors.push(e.message);
      if (!(e instanceof TransientError) || n >= policy.retries) {
        if (n > 0) e.message = `${e.message} (after ${n + 1} attempts)`;
        throw e;
      }
      if (e.retryAfterMs !== null && e.retryAfterMs > policy.retryMaxMs) {
        e.message = `${e.message}; the source asks to wait ${Math.round(e.retryAfterMs / 1000)} s, longer than retryMaxMs`;
        throw e;
      }
      await sleep(e.retryAfterMs ?? backoffDelay(n, policy.retryBaseMs, policy.retryMaxMs));
    }
  }
}

/** Deadline and network errors are transient; everything already classified stays as it is. */
function classify(error: unknown, timeoutMs: number): Error {
  if (error instanceof TransientError) return error;
  // a deadline's DOMException is not always `instanceof Error` (it may come from another realm)
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new TransientError(`no answer within ${timeoutMs} ms`);
  if (error instanceof Error) {
    // fetch reports refused connections, resets and DNS failures as a TypeError with a cause
    if (error.name === 'TypeError' && (error.message === 'fetch failed' || error.message === 'terminated')) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return new TransientError(`network error: ${cause?.code ?? cause?.message ?? error.message}`);
    }
    return error;
  }
  return new Error(String(error));
}

/** A response larger than this is refused: a connector run should not exhaust the server's memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The body as text, refusing one announced or found larger than MAX_RESPONSE_BYTES. */
export async function readText(res: Response): Promise<string> {
  const announced = Number(res.headers.get('content-length') ?? 0);
  if (announced > MAX_RESPONSE_BYTES) {
    await res.body?.cancel();
    throw new Error(`response of ${announced} bytes is larger than ${MAX_RESPONSE_BYTES}`);
  }
  const text = await res.text();
  if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) throw new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`);
  return text;
}

/** Throws the right kind of error for an HTTP status that is not a success. */
export function checkStatus(res: Response, nowMs = Date.now()): void {
  if (res.ok) return;
  const what = `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''} from ${new URL(res.url || 'http://x').host}`;
  if (res.status === 429 || res.status === 408 || res.status >= 500)
    throw new TransientError(what, parseRetryAfter(res.headers.get('retry-after'), nowMs));
  throw new Error(what);
}
