/** The platform's public HTTP API, as the demo (or a portal) uses it. */
export class PlatformClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** The same platform with another principal's token. */
  as(token: string): PlatformClient {
    return new PlatformClient(this.baseUrl, token);
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(method, path, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A file in (an X12 or bank file body) or out (the response as text). */
  async file(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    contentType = 'application/edi-x12',
  ): Promise<{ status: number; text: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(method, path, response.status, text);
    return { status: response.status, text };
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** Every item of a list endpoint (`{total, items}`), walking its pages of 500. */
  async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    const join = path.includes('?') ? '&' : '?';
    for (let offset = 0; ; offset += 500) {
      const page = await this.get<{ total: number; items: T[] }>(`${path}${join}limit=500&offset=${offset}`);
      out.push(...page.items);
      if (page.items.length < 500 || out.length >= page.total) return out;
    }
  }
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} → ${status}: ${body.slice(0, 500)}`);
  }
}
