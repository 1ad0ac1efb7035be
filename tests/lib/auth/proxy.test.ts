import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { REQUEST_PATH_HEADER } from '@/lib/auth/login-url';
import { config, proxy } from '@/proxy';

function request(path: string, init: { method?: string; cookie?: string } = {}): NextRequest {
  const headers = new Headers(init.cookie ? { cookie: init.cookie } : {});
  return new NextRequest(new URL(path, 'http://localhost:3000'), { method: init.method ?? 'GET', headers });
}

describe('proxy matcher', () => {
  it('runs on pages', () => {
    for (const url of ['/', '/virtual-machines', '/virtual-machines/12/edit', '/account', '/login-history', '/apiary', '/metrics-dashboard']) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    }
  });

  it('skips API routes, /metrics (Prometheus sends a key, never a session), the login page, Next assets and static files', () => {
    for (const url of ['/metrics', '/metrics/', '/api/auth/session', '/api/dcim/devices/', '/api', '/login', '/login/', '/_next/static/chunks/a.js', '/_next/image', '/favicon.ico', '/logo.svg', '/robots.txt']) {
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
