import { describe, expect, it } from 'vitest';
import { loginUrl, safeCallbackUrl } from '@/lib/auth/login-url';

describe('safeCallbackUrl', () => {
  it('keeps paths on this site', () => {
    expect(safeCallbackUrl('/virtual-machines?q=web&page=2')).toBe('/virtual-machines?q=web&page=2');
    expect(safeCallbackUrl('/')).toBe('/');
  });

  it('refuses other sites, schemes, the login page and junk', () => {
    for (const raw of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '/login',
      '/login?callbackUrl=/x',
      '/ok\nSet-Cookie: x',
      '',
      undefined,
      ['/a'],
    ]) {
      expect(safeCallbackUrl(raw)).toBe('/');
    }
  });
});

describe('loginUrl', () => {
  it('adds callbackUrl unless it is the home page', () => {
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/sync?x=1')).toBe('/login?callbackUrl=%2Fsync%3Fx%3D1');
    expect(loginUrl('//evil.example')).toBe('/login');
  });
});
