// A minimal browser-like HTTP client: a cookie jar, next-auth's credentials sign-in, and timed
// GETs. Redirects are not followed, so a bounce to /login shows up as a failure, not a fast 200.

export interface TimedResponse {
  status: number;
  body: string;
  ms: number;
}

export interface HttpSession {
  get(path: string): Promise<TimedResponse>;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const pair = header.split(';', 1)[0];
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}

/**
 * Signs in as a browser would: GET /api/auth/csrf (token + cookie), then POST the form to
 * /api/auth/callback/credentials with json=true, keeping the session cookie it sets.
 */
export async function login(baseUrl: string, username: string, password: string): Promise<HttpSession> {
  const jar = new CookieJar();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { redirect: 'manual' });
  if (csrfRes.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrfRes.status}`);
  jar.store(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error('GET /api/auth/csrf returned no csrfToken');

  const form = new URLSearchParams({ username, password, csrfToken, callbackUrl: `${baseUrl}/`, json: 'true' });
  const signIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: form,
  });
  jar.store(signIn);
  const answer = await signIn.text();
  if (!jar.names().some((name) => /next-auth\.session-token/.test(name))) {
    throw new Error(`sign-in failed (HTTP ${signIn.status}, no session cookie): ${answer.slice(0, 300)}`);
  }

  const get = async (path: string): Promise<TimedResponse> => {
    const start = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { cookie: jar.header() } });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - start };
  };
  const session = await get('/api/auth/session');
  if (session.status !== 200 || !session.body.includes(`"username":"${username}"`)) {
    throw new Error(`signed in, but /api/auth/session does not show the user: ${session.body.slice(0, 300)}`);
  }
  return { get };
}
