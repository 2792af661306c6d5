// Client-side fetch for our JSON API: sends JSON, throws ApiClientError with the server's message.
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function apiFetch<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: init.signal,
  });
  const json = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string; details?: unknown } }) | null;
  if (!res.ok) {
    throw new ApiClientError(
      res.status,
      json?.error?.code ?? "error",
      json?.error?.message ?? `Request failed (${res.status}).`,
      json?.error?.details,
    );
  }
  return json as T;
}
