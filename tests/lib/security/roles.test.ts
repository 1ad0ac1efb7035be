import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { proxmoxEndpoints, syncJobs, users } from '@/db/schema';
import { createApiKey, listApiKeys } from '@/lib/auth/api-keys';
import type { Role } from '@/lib/auth/roles';
import { createUser, findSessionUser, setUserRole } from '@/lib/auth/users';
import { systemActor, type Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { createRecord, deleteRecord, getRecord, updateRecord } from '@/lib/data/records';
import { pushEndpointAgain } from '@/lib/backend-client/hooks';
import { enableDemo } from '@/lib/demo/demo-cluster';
import { cancelSyncJob } from '@/lib/sync/jobs/cancel';
import { startSyncJob } from '@/lib/sync/jobs/start';
import { POST as startSyncRoute } from '@/app/api/plugins/proxbox/sync/route';
import { POST as cancelSyncRoute } from '@/app/api/plugins/proxbox/sync-jobs/[id]/cancel/route';
import { testDriver } from '../../helpers/db';
import { callJson, make, ORIGIN, setupApi, teardownApi, type ApiEnv } from '../api/helpers';
import { call as backendCall } from '../backend/helpers';

// The three roles, enforced by the data layer whatever the caller: the DAL itself, the server
// actions behind the forms, the NetBox-style REST API and the backend API. Each refusal changes
// nothing. (Before roles, every signed-in user and read-write key could do all of this.)

const acting = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/auth/session', () => ({
  requireUser: async () => {
    if (!acting.actor) throw new Error('no actor');
    return acting.actor;
  },
}));
vi.mock('@/lib/actions/flash', () => ({ setFlash: async () => undefined }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw new Error(`redirect ${url}`);
  },
}));

const { updateRecordAction, createRecordAction, deleteRecordAction } = await import('@/lib/actions/records');
const { startSyncAction } = await import('@/lib/actions/sync');
const { cancelSyncAction } = await import('@/lib/actions/sync-cancel');

// Real rows: the change log references the user who made a change.
const user = (role: Role, userId: number): Actor => ({ kind: 'user', userId, username: `${role}-user`, role });
let viewer: Actor;
let operator: Actor;
let admin: Actor;

let env: ApiEnv;
let keys: Record<Role, string>;
let endpointId: number;
let vmId: number;

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

function form(entries: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
}

const endpointRow = async () =>
  (await env.db.db.select().from(proxmoxEndpoints).where(eq(proxmoxEndpoints.id, endpointId)))[0];
const jobCount = async () => (await env.db.db.select().from(syncJobs)).length;

beforeAll(async () => {
  process.env.PROXBOX_WORKER = 'off';
  env = await setupApi();
  const rows = await env.db.db
    .insert(users)
    .values(
      (['viewer', 'operator', 'admin'] as const).map((role) => ({ username: `${role}-user`, passwordHash: 'x', role })),
    )
    .returning();
  [viewer, operator, admin] = rows.map((r) => user(r.role as Role, r.id));
  keys = {
    viewer: (await createApiKey(systemActor, { description: 'viewer', role: 'viewer' })).key,
    operator: (await createApiKey(systemActor, { description: 'operator', role: 'operator' })).key,
    admin: env.key,
  };
  // Nothing listens there: jobs stay queued (the worker is off), no request leaves the process.
  endpointId = await make('proxmox-endpoints', {
    name: 'pve-roles',
    domain: '127.0.0.1',
    port: 9,
    tokenName: 'proxbox',
    tokenValue: 'roles-secret-0123456789',
    enabled: true,
  });
  const site = await make('sites', { name: 'Lab', slug: 'lab' });
  vmId = await make('virtual-machines', { name: 'web-01', status: 'active', siteId: site });
});
afterAll(async () => {
  delete process.env.PROXBOX_WORKER;
  await teardownApi(env);
});
beforeEach(() => {
  acting.actor = null;
});

describe(`roles in the data layer (${testDriver})`, () => {
  it('lets only administrators create, change or delete endpoints; the row stays as it was', async () => {
    const before = await endpointRow();
    for (const actor of [viewer, operator]) {
      const err = await errorOf(updateRecord(actor, 'proxmox-endpoints', endpointId, { name: 'taken-over' }));
      expect(err.code).toBe('forbidden');
      expect((await errorOf(updateRecord(actor, 'proxmox-endpoints', endpointId, { description: 'note' }))).code).toBe(
        'forbidden',
      );
      expect(
        (await errorOf(createRecord(actor, 'proxmox-endpoints', { name: 'x', domain: 'x.example.com' }))).code,
      ).toBe('forbidden');
      expect((await errorOf(deleteRecord(actor, 'proxmox-endpoints', endpointId))).code).toBe('forbidden');
      expect((await errorOf(updateRecord(actor, 'settings', 1, { syncEnabled: true }))).code).toBe('forbidden');
    }
    expect(await endpointRow()).toEqual(before);
    expect((await updateRecord(admin, 'proxmox-endpoints', endpointId, { description: 'lab' })).description).toBe(
      'lab',
    );
  });

  it('lets operators change descriptions, comments and tags of inventory objects, nothing else', async () => {
    const tag = await make('tags', { name: 'prod', slug: 'prod' });
    const updated = await updateRecord(operator, 'virtual-machines', vmId, {
      description: 'web tier',
      comments: 'owned by web team',
      tags: [tag],
    });
    expect([updated.description, updated.comments, (updated.tags as { id: number }[]).map((t) => t.id)]).toEqual([
      'web tier',
      'owned by web team',
      [tag],
    ]);
    const err = await errorOf(updateRecord(operator, 'virtual-machines', vmId, { name: 'renamed', description: 'x' }));
    expect(err).toMatchObject({
      code: 'forbidden',
      message: 'Operators can change descriptions, comments and tags only, not name.',
    });
    expect((await errorOf(deleteRecord(operator, 'virtual-machines', vmId))).code).toBe('forbidden');
    expect((await errorOf(createRecord(operator, 'sites', { name: 'S', slug: 's' }))).code).toBe('forbidden');
    expect(
      (await errorOf(updateRecord(viewer, 'virtual-machines', vmId, { description: 'viewer was here' }))).code,
    ).toBe('forbidden');
    expect((await getRecord(viewer, 'virtual-machines', vmId)).description).toBe('web tier');
  });

  it('lets operators, not viewers, start and cancel syncs and push endpoints', async () => {
    const before = await jobCount();
    expect(
      (await errorOf(startSyncJob(env.db.db, viewer, { endpointIds: [endpointId], requestedBy: 'viewer' }))).code,
    ).toBe('forbidden');
    expect(await jobCount()).toBe(before);
    const jobId = await startSyncJob(env.db.db, operator, { endpointIds: [endpointId], requestedBy: 'operator' });
    expect(await jobCount()).toBe(before + 1);
    expect((await errorOf(cancelSyncJob(env.db.db, viewer, jobId))).code).toBe('forbidden');
    expect((await cancelSyncJob(env.db.db, operator, jobId)).state).toBe('cancelled');
    expect((await errorOf(pushEndpointAgain(viewer, 'proxmox-endpoints', endpointId))).code).toBe('forbidden');
  });

  it('keeps the demo, API keys and users to administrators', async () => {
    expect((await errorOf(enableDemo(operator))).code).toBe('forbidden');
    expect((await errorOf(createApiKey(operator, { description: 'mine' }))).code).toBe('forbidden');
    expect(() => listApiKeys(operator)).toThrow(AppError);
    expect(
      (await errorOf(createUser(operator, { username: 'eve', password: 'eve-password-123', role: 'admin' }))).code,
    ).toBe('forbidden');
  });

  it('lets an admin change a role, which ends that user’s sessions; nobody changes their own', async () => {
    const [row] = await env.db.db
      .insert(users)
      .values({ username: 'bob', passwordHash: 'x', role: 'viewer' })
      .returning();
    const self: Actor = { kind: 'user', userId: 999, username: 'root', role: 'admin' };
    expect((await setUserRole(self, row.id, 'operator')).role).toBe('operator');
    expect(await findSessionUser(row.id, 0)).toBeNull();
    expect(await findSessionUser(row.id, 1)).toMatchObject({ role: 'operator', sessionVersion: 1 });
    expect((await errorOf(setUserRole({ ...self, userId: row.id, role: 'operator' }, row.id, 'admin'))).code).toBe(
      'forbidden',
    );
    expect((await errorOf(setUserRole(self, 999, 'viewer'))).fieldErrors).toEqual({
      nonFieldErrors: ['You cannot change your own role.'],
    });
  });
});

describe(`roles in server actions (${testDriver})`, () => {
  it('refuses an operator’s endpoint edit and a viewer’s sync, and changes nothing', async () => {
    const before = await endpointRow();
    acting.actor = operator;
    const edit = await updateRecordAction(
      'proxmox-endpoints',
      endpointId,
      {},
      form({ name: 'taken-over', domain: 'evil.example', port: '8006' }),
    );
    expect(edit).toMatchObject({ formError: 'Proxmox endpoints cannot be edited.' });
    expect(await createRecordAction('sites', {}, form({ name: 'S', slug: 's' }))).toMatchObject({
      formError: 'Sites cannot be created here.',
    });
    expect(await deleteRecordAction('virtual-machines', vmId, {}, form({}))).toMatchObject({
      formError: 'Virtual machines cannot be deleted.',
    });
    acting.actor = viewer;
    const jobs = await jobCount();
    expect(await startSyncAction({}, form({ endpoint: String(endpointId) }))).toEqual({
      error: 'You do not have permission to start or cancel syncs (operators and administrators can).',
    });
    // A preview writes nothing, but it is a sync job all the same: viewers cannot start one.
    expect(await startSyncAction({}, form({ endpoint: String(endpointId), dry_run: '1' }))).toEqual({
      error: 'You do not have permission to start or cancel syncs (operators and administrators can).',
    });
    expect(await jobCount()).toBe(jobs);
    expect(await cancelSyncAction(1, {}, form({}))).toEqual({
      error: 'You do not have permission to start or cancel syncs (operators and administrators can).',
    });
    expect(await endpointRow()).toEqual(before);
  });

  it('lets an operator start a sync and save a description from the edit form (other fields are not read)', async () => {
    acting.actor = operator;
    const started = await startSyncAction({}, form({ endpoint: String(endpointId) })).catch((e: unknown) => e);
    const jobId = Number(/^redirect \/sync-jobs\/(\d+)$/.exec(started instanceof Error ? started.message : '')?.[1]);
    expect((await cancelSyncJob(env.db.db, operator, jobId)).state).toBe('cancelled');
    const preview = await startSyncAction({}, form({ endpoint: String(endpointId), dry_run: '1' })).catch(
      (e: unknown) => e,
    );
    const previewId = Number(
      /^redirect \/sync-jobs\/(\d+)$/.exec(preview instanceof Error ? preview.message : '')?.[1],
    );
    const [previewJob] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, previewId));
    expect([previewJob.dryRun, previewJob.endpointIds]).toEqual([true, [endpointId]]);
    expect((await cancelSyncJob(env.db.db, operator, previewId)).state).toBe('cancelled');
    await expect(
      updateRecordAction(
        'virtual-machines',
        vmId,
        {},
        form({ name: 'ignored', description: 'from the form', memory: '1' }),
      ),
    ).rejects.toThrow(`redirect /virtual-machines/${vmId}`);
    const vm = await getRecord(viewer, 'virtual-machines', vmId);
    expect([vm.name, vm.description]).toEqual(['web-01', 'from the form']);
  });
});

describe(`roles of API keys over HTTP (${testDriver})`, () => {
  const ENDPOINT = () => `/api/plugins/proxbox/endpoints/proxmox/${endpointId}/`;

  it('REST: viewer keys read; only admin keys change endpoints; operators annotate and sync', async () => {
    expect((await callJson(env, 'GET', ENDPOINT(), { key: keys.viewer })).status).toBe(200);
    const denied = { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    expect(await callJson(env, 'PATCH', ENDPOINT(), { key: keys.viewer, body: { name: 'x' } })).toMatchObject(denied);
    expect(await callJson(env, 'PATCH', ENDPOINT(), { key: keys.operator, body: { name: 'x' } })).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to change proxmox endpoints (administrators only).' },
    });
    expect(
      (await callJson(env, 'PATCH', ENDPOINT(), { key: keys.admin, body: { description: 'by admin' } })).status,
    ).toBe(200);

    const vm = `/api/virtualization/virtual-machines/${vmId}/`;
    expect(
      (await callJson(env, 'PATCH', vm, { key: keys.operator, body: { description: 'by operator key' } })).status,
    ).toBe(200);
    expect(await callJson(env, 'PATCH', vm, { key: keys.operator, body: { name: 'renamed' } })).toMatchObject({
      status: 403,
    });
    expect(await callJson(env, 'PATCH', vm, { key: keys.viewer, body: { description: 'x' } })).toMatchObject(denied);

    const post = (path: string, key: string, body?: unknown) =>
      new Request(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Token ${key}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const jobs = await jobCount();
    const refusedStart = await startSyncRoute(
      post('/api/plugins/proxbox/sync/', keys.viewer, { endpoints: [endpointId] }),
    );
    expect([refusedStart.status, await refusedStart.json()]).toEqual([denied.status, denied.body]);
    expect(await jobCount()).toBe(jobs);
    const started = await startSyncRoute(
      post('/api/plugins/proxbox/sync/', keys.operator, { endpoints: [endpointId] }),
    );
    expect(started.status).toBe(202);
    const jobId = ((await started.json()) as { id: number }).id;
    const cancel = (key: string) => cancelSyncRoute(post(`/api/plugins/proxbox/sync-jobs/${jobId}/cancel/`, key));
    expect((await cancel(keys.viewer)).status).toBe(403);
    expect((await cancel(keys.operator)).status).toBe(202);
    expect((await getRecord(viewer, 'proxmox-endpoints', endpointId)).name).toBe('pve-roles');
  });

  it('backend API: operator keys sync and cancel, only admin keys manage keys and endpoint copies', async () => {
    const refused = (role: Role) => ({ detail: `This API key's role (${role}) cannot perform this action.` });
    const jobs = await jobCount();
    const viewerSync = await backendCall('GET', 'full-update/stream', { key: keys.viewer });
    expect([viewerSync.status, await viewerSync.json()]).toEqual([403, refused('viewer')]);
    expect(await jobCount()).toBe(jobs);
    for (const role of ['viewer', 'operator'] as const) {
      const list = await backendCall('GET', 'auth/keys', { key: keys[role] });
      expect([list.status, await list.json()]).toEqual([403, refused(role)]);
      const create = await backendCall('POST', 'auth/keys', {
        key: keys[role],
        body: { description: 'escalate', role: 'admin' },
      });
      expect(create.status).toBe(403);
      expect(
        (
          await backendCall('PUT', 'proxmox/endpoints/1', {
            key: keys[role],
            body: { url: 'https://evil.example:8006' },
          })
        ).status,
      ).toBe(403);
    }
    expect(listApiKeys(systemActor).map((k) => k.description)).not.toContain('escalate');
    const created = await backendCall('POST', 'auth/keys', {
      key: keys.admin,
      body: { description: 'ops', role: 'operator' },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ description: 'ops', role: 'operator', read_only: false });
  });
});
