// The dashboard's one door to the REST API (DESIGN §10): bearer token, JSON, the error shape,
// and one silent refresh when the access token has expired.
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  fields?: { field: string; reason: string }[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

export interface TokenSource {
  accessToken(): string | null;
  /** Returns true when a new access token was obtained. */
  refresh(): Promise<boolean>;
  onUnauthorized(): void;
}

let tokens: TokenSource | null = null;
export function useTokens(source: TokenSource): void {
  tokens = source;
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}, retried = false): Promise<T> {
  const headers = new Headers(init.headers);
  const token = tokens?.accessToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(path, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  if (res.status === 401 && token && !retried && tokens && (await tokens.refresh())) return api<T>(path, init, true);
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401) tokens?.onUnauthorized();
    throw new HttpError(res.status, body ?? { statusCode: res.status, error: res.statusText, message: res.statusText });
  }
  return body as T;
}
