import { currentSession } from './auth';

/** A problem+json answer, with the failing fields when the API names them. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: Array<{ path: string; message: string }>,
    /** The whole problem document (an import's report, a conflict's current version...). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

let apiUrl = '';
export const setApiUrl = (url: string) => {
  apiUrl = url.replace(/\/$/, '');
};

/** A request body sent as it is (a CSV file), not as JSON. */
export class RawBody {
  constructor(
    readonly type: string,
    readonly text: string,
  ) {}
}

/** Calls the API with the signed-in person's token; a problem answer throws ApiProblem. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ body: T; response: Response }> {
  const session = currentSession();
  const raw = body instanceof RawBody ? body : undefined;
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
      ...(body !== undefined ? { 'content-type': raw ? raw.type : 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: raw ? raw.text : JSON.stringify(body) } : {}),
  });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    const problem = type.includes('json')
      ? ((await response.json()) as {
          title?: string;
          detail?: string;
          errors?: Array<{ path: string; message: string }>;
        })
      : {};
    throw new ApiProblem(
      response.status,
      problem.title ?? response.statusText,
      problem.detail,
      problem.errors ?? [],
      problem as Record<string, unknown>,
    );
  }
  return { body: (type.includes('json') ? await response.json() : await response.text()) as T, response };
}

/** Downloads what a GET answers as a file (CSV, HTML reports), with the token in a header, not the URL. */
export async function download(path: string, filename: string): Promise<void> {
  const session = currentSession();
  const response = await fetch(`${apiUrl}${path}`, {
    headers: session ? { authorization: `Bearer ${session.accessToken}` } : {},
  });
  if (!response.ok) throw new ApiProblem(response.status, response.statusText, undefined, []);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
