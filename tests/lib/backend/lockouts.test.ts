import { systemActor } from '@/lib/data/actor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { createApiKey } from '@/lib/auth/api-keys';
import { isLockoutAddress, LOCKOUT_WINDOW_S, lockoutStatus } from '@/lib/auth/lockout';
import { AppError } from '@/lib/data/errors';
import { backendRoleRefused } from '@/lib/backend/auth';
import { listLockoutsBody, type LockoutView } from '@/lib/backend/lockouts';
import { call, callJson, releaseStore, useFreshStore } from './helpers';

// The lockout routes: list the addresses with failed attempts (blocked or not, time left), clear
// one or all; read-write keys only, since the list names client addresses.

let store: BackendHandle;
let key: string;
let readOnlyKey: string;
const WRONG = `pbx_AAAAAAAAAAAA_${'b'.repeat(40)}`;
const ADMIN_IP = { 'x-real-ip': '10.9.9.9' };

async function fail(ip: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await call('GET', 'auth/keys', { key: WRONG, headers: { 'x-real-ip': ip } });
}

beforeAll(async () => {
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'admin' })).key;
  readOnlyKey = (await createApiKey(systemActor, { description: 'reader', role: 'viewer' })).key;
});
afterAll(() => releaseStore(store));

describe('lockout routes', () => {
  it('lists every address with failed attempts, blocked first, with the time left', async () => {
    await fail('10.0.0.1', 5);
    await fail('10.0.0.2', 2);
    const reply = await callJson<LockoutView[]>('GET', 'auth/lockouts', { key, headers: ADMIN_IP });
    expect(reply.status).toBe(200);
    expect(reply.body.map((l) => [l.ip, l.attempts, l.blocked])).toEqual([
      ['10.0.0.1', 5, true],
      ['10.0.0.2', 2, false],
    ]);
    expect(reply.body[0].seconds_left).toBeGreaterThan(LOCKOUT_WINDOW_S - 30);
    expect(reply.body[0].seconds_left).toBeLessThanOrEqual(LOCKOUT_WINDOW_S);
    expect(reply.body[1].seconds_left).toBe(0);
    expect(Date.parse(reply.body[0].first_attempt)).toBeLessThanOrEqual(Date.parse(reply.body[0].last_attempt));
  });

  it('is lib/auth/lockout.ts listLockouts: the same clock, the same admin check', () => {
    const admin = { kind: 'apikey', keyId: 'k', description: 'admin', role: 'admin' } as const;
    const viewer = { ...admin, role: 'viewer' } as const;
    const now = Date.now() / 1000;
    expect(listLockoutsBody(admin, now + 10).map((l) => [l.ip, l.blocked])).toEqual([
      ['10.0.0.1', true],
      ['10.0.0.2', false],
    ]);
    // Past the window the failures no longer count, so nothing is listed.
    expect(listLockoutsBody(admin, now + LOCKOUT_WINDOW_S + 1)).toEqual([]);
    expect(() => listLockoutsBody(viewer)).toThrow(AppError);
    expect(() => listLockoutsBody(viewer)).toThrow('Only administrators may see or clear lockouts.');
  });

  it('clears one address, which can then authenticate again', async () => {
    expect((await call('GET', 'auth/keys', { key, headers: { 'x-real-ip': '10.0.0.1' } })).status).toBe(429);
    expect((await call('DELETE', 'auth/lockouts/10.0.0.1', { key, headers: ADMIN_IP })).status).toBe(204);
    expect((await call('GET', 'auth/keys', { key, headers: { 'x-real-ip': '10.0.0.1' } })).status).toBe(200);
    expect(await callJson('DELETE', 'auth/lockouts/10.0.0.1', { key, headers: ADMIN_IP })).toMatchObject({
      status: 404,
      body: { detail: 'No failed attempts are tracked for 10.0.0.1.' },
    });
  });

  it('clearing one IPv6 address clears its /64, and a /64 clears in any spelling', async () => {
    await fail('2001:db8:5:6::1', 5);
    expect((await callJson<LockoutView[]>('GET', 'auth/lockouts', { key, headers: ADMIN_IP })).body[0]).toMatchObject({
      ip: '2001:db8:5:6::/64',
      blocked: true,
    });
    // Another address of the same /64, as an admin would copy it from a log.
    const one = await call('DELETE', `auth/lockouts/${encodeURIComponent('2001:db8:5:6::beef')}`, {
      key,
      headers: ADMIN_IP,
    });
    expect(one.status).toBe(204);
    expect(lockoutStatus('2001:db8:5:6::1')).toEqual({ blocked: false, attempts: 0 });
    expect((await call('GET', 'auth/keys', { key, headers: { 'x-real-ip': '2001:db8:5:6::1' } })).status).toBe(200);

    await fail('2001:db8:0:6::1', 5);
    const listed = await call('DELETE', `auth/lockouts/${encodeURIComponent('2001:0DB8::6:0:0:0:0/64')}`, {
      key,
      headers: ADMIN_IP,
    });
    expect(listed.status).toBe(204);
    expect(lockoutStatus('2001:db8:0:6::1')).toEqual({ blocked: false, attempts: 0 });
  });

  it('the web action accepts the addresses the table lists, IPv6 /64 buckets included', () => {
    for (const ok of ['10.0.0.1', '2001:db8:5:6::/64', '2001:db8::1', 'unknown'])
      expect(isLockoutAddress(ok)).toBe(true);
    for (const bad of ['', '10.0.0.1/64', '10.0.0.0/8', 'example.com', '2001:db8::/48', '../keys'])
      expect(isLockoutAddress(bad)).toBe(false);
  });

  it('refuses read-only keys and clears all', async () => {
    expect(await callJson('GET', 'auth/lockouts', { key: readOnlyKey, headers: ADMIN_IP })).toMatchObject({
      status: 403,
      body: { detail: backendRoleRefused('viewer') },
    });
    expect((await call('DELETE', 'auth/lockouts', { key: readOnlyKey, headers: ADMIN_IP })).status).toBe(403);
    await fail('10.0.0.3', 1);
    expect(await callJson('DELETE', 'auth/lockouts', { key, headers: ADMIN_IP })).toMatchObject({
      status: 200,
      body: { cleared: 2 },
    });
    expect((await callJson('GET', 'auth/lockouts', { key, headers: ADMIN_IP })).body).toEqual([]);
  });
});
