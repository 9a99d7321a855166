/** The portal's one way to the API: same origin, the session cookie, the CSRF token on unsafe methods. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** One page of a list endpoint (libs/runtime page.ts). */
export interface Page<T> {
  total: number;
  items: T[];
}

const CSRF_COOKIE = 'revcycle_csrf';
const SAFE = new Set(['GET', 'HEAD']);

const listeners = { activity: new Set<() => void>(), signedOut: new Set<() => void>() };
export const onActivity = (f: () => void) => (
  listeners.activity.add(f),
  () => void listeners.activity.delete(f)
);
export const onSignedOut = (f: () => void) => (
  listeners.signedOut.add(f),
  () => void listeners.signedOut.delete(f)
);

function csrfToken(): string | undefined {
  const pair = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : undefined;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken();
  if (!SAFE.has(method) && token) headers['x-csrf-token'] = token;
  const response = await fetch(path, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/auth/')) listeners.signedOut.forEach((f) => f());
    throw new ApiError(response.status, messageOf(body) ?? response.statusText, body);
  }
  listeners.activity.forEach((f) => f());
  return body as T;
}

function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as {
    message?: unknown;
    detail?: unknown;
    title?: unknown;
    errors?: Array<{ field: string; messages: string[] }>;
  };
  if (Array.isArray(b.errors) && b.errors.length > 0)
    return b.errors.map((e) => `${e.field} ${e.messages.join(', ')}`).join('; ');
  for (const v of [b.detail, b.message, b.title]) if (typeof v === 'string') return v;
  return undefined;
}

/** Money arrives as integer cents (DESIGN.md): shown in dollars, never computed in floats here. */
export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A file sent as the raw request body (an 835, a bank file) with upload progress: XMLHttpRequest,
 * since fetch reports none. Same origin, the session cookie and the CSRF token as `api` sends them.
 */
export function upload<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (sentBytes: number, totalBytes: number) => void,
): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'the upload did not reach the server', undefined));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        listeners.activity.forEach((f) => f());
        resolve({ status: xhr.status, body: body as T });
        return;
      }
      if (xhr.status === 401) listeners.signedOut.forEach((f) => f());
      reject(new ApiError(xhr.status, messageOf(body) ?? xhr.statusText, body));
    };
    xhr.send(file);
  });
}
