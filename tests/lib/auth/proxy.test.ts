import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { REQUEST_PATH_HEADER } from '@/lib/auth/login-url';
import { API_CSP, STATIC_SECURITY_HEADERS } from '@/lib/http/security-headers';
import { config, proxy } from '@/proxy';

function request(path: string, init: { method?: string; cookie?: string } = {}): NextRequest {
  const headers = new Headers(init.cookie ? { cookie: init.cookie } : {});
  return new NextRequest(new URL(path, 'http://localhost:3000'), { method: init.method ?? 'GET', headers });
}

describe('proxy matcher', () => {
  it('runs on pages', () => {
    for (const url of [
      '/',
      '/virtual-machines',
      '/virtual-machines/12/edit',
      '/account',
      '/login-history',
      '/apiary',
      '/login',
      '/login/',
      '/metrics-dashboard',
    ]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    }
  });

  it('skips API routes, /metrics (Prometheus sends a key, never a session), Next assets and static files', () => {
    for (const url of [
      '/metrics',
      '/metrics/',
      '/api/auth/session',
      '/api/dcim/devices/',
      '/api',
      '/_next/static/chunks/a.js',
      '/_next/image',
      '/favicon.ico',
      '/logo.svg',
      '/robots.txt',
    ]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(false);
    }
  });
});

describe('proxy', () => {
  it('redirects an anonymous page request to /login with callbackUrl', () => {
    const response = proxy(request('/virtual-machines?q=web'));
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('callbackUrl')).toBe('/virtual-machines?q=web');
  });

  it('redirects / to /login without a callbackUrl', () => {
    expect(new URL(proxy(request('/')).headers.get('location') ?? '').search).toBe('');
  });

  it('lets requests with a session cookie through and passes the path on', () => {
    for (const cookie of [
      'next-auth.session-token=abc',
      '__Secure-next-auth.session-token=abc',
      'next-auth.session-token.0=abc; next-auth.session-token.1=def',
    ]) {
      const response = proxy(request('/sync?run=3', { cookie }));
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get(`x-middleware-request-${REQUEST_PATH_HEADER}`)).toBe('/sync?run=3');
    }
  });

  it('does not accept look-alike cookies', () => {
    expect(proxy(request('/', { cookie: 'next-auth.csrf-token=abc; session-token=x' })).status).toBe(307);
  });

  it('leaves anonymous server-action POSTs to requireUser()', () => {
    expect(proxy(request('/account', { method: 'POST' })).headers.get('location')).toBeNull();
  });
});

describe('page Content-Security-Policy', () => {
  const nonceOf = (csp: string | null) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? '')?.[1];
  const policyWith = (nonce: string | undefined) =>
    `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`;

  it('sets a policy with a fresh script nonce on the response and on the request Next renders', () => {
    const first = proxy(request('/virtual-machines', { cookie: 'next-auth.session-token=abc' }));
    const csp = first.headers.get('content-security-policy');
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toBe(policyWith(nonce));
    // Next takes the nonce for its own scripts from the request's CSP header.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    const second = proxy(request('/virtual-machines', { cookie: 'next-auth.session-token=abc' }));
    const secondNonce = nonceOf(second.headers.get('content-security-policy'));
    expect(secondNonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(secondNonce).not.toBe(nonce);
  });

  it('serves the login page to anonymous visitors, with the policy', () => {
    const login = proxy(request('/login?callbackUrl=%2F'));
    expect(login.headers.get('location')).toBeNull();
    const csp = login.headers.get('content-security-policy');
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toBe(policyWith(nonce));
  });
});

describe('next.config.js headers', () => {
  it('gives every response nosniff, a strict referrer policy and no framing; API answers a closed CSP', async () => {
    type Rules = { source: string; headers: { key: string; value: string }[] }[];
    const configPath: string = '../../../next.config.js';
    const { default: nextConfig } = (await import(configPath)) as { default: { headers: () => Promise<Rules> } };
    const rules = await nextConfig.headers();
    const all = Object.fromEntries(rules.find((r) => r.source === '/:path*')!.headers.map((h) => [h.key, h.value]));
    expect(all).toEqual(STATIC_SECURITY_HEADERS);
    const api = Object.fromEntries(rules.find((r) => r.source === '/api/:path*')!.headers.map((h) => [h.key, h.value]));
    expect(api).toEqual({ 'Content-Security-Policy': API_CSP });
    expect(API_CSP).toContain("frame-ancestors 'none'");
  });
});

describe('server actions with a session cookie', () => {
  const post = (headers: Record<string, string>) =>
    proxy(
      new NextRequest(new URL('/account', 'http://proxbox.test'), {
        method: 'POST',
        headers: { cookie: 'next-auth.session-token=abc', host: 'proxbox.test', 'next-action': 'abc', ...headers },
      }),
    );

  it('are refused without a same-origin Origin or Sec-Fetch-Site', async () => {
    const none = post({});
    expect(none.status).toBe(403);
    expect(await none.text()).toBe('Forbidden: Origin checking failed - the request has no Origin header.');
    expect(post({ origin: 'https://evil.example' }).status).toBe(403);
    expect(post({ 'sec-fetch-site': 'cross-site' }).status).toBe(403);
  });

  it('pass with a same-origin Origin or Sec-Fetch-Site: same-origin', () => {
    expect(post({ origin: 'http://proxbox.test' }).status).toBe(200);
    expect(post({ 'sec-fetch-site': 'same-origin' }).status).toBe(200);
  });
});
