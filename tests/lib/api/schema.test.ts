import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '@/package.json';
import { apiModelKeys, apiPathOf } from '@/lib/api/paths';
import { toYaml } from '@/lib/api/yaml';
import { getModel } from '@/lib/models/registry';
import { schemaName } from '@/lib/api/specs';
import { testDriver } from '../../helpers/db';
import { call, callJson, setupApi, teardownApi, type ApiEnv } from './helpers';
import { validate, type OpenApiDoc } from './openapi-validator';
import { seedInventory } from './seed';

// /api/schema/ (OpenAPI generated from the registry: complete, self-consistent, and describing
// what the endpoints really return) and /api/status/.

let env: ApiEnv;
let doc: OpenApiDoc & { openapi: string; components: { schemas: Record<string, Record<string, unknown>> } };

beforeAll(async () => {
  env = await setupApi();
  await seedInventory();
  doc = (await callJson<typeof doc>(env, 'GET', '/api/schema/')).body;
});
afterAll(() => teardownApi(env));

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe(`OpenAPI document on ${testDriver}`, () => {
  it('lists every model’s list and detail paths, with filters, and every $ref resolves', async () => {
    expect(doc.openapi).toBe('3.0.3');
    for (const key of apiModelKeys()) {
      expect(doc.paths[`/api/${apiPathOf(key)}/`], key).toBeDefined();
      expect(doc.paths[`/api/${apiPathOf(key)}/{id}/`], key).toBeDefined();
    }
    const params = (
      doc.paths['/api/virtualization/virtual-machines/'].get as unknown as { parameters: { name?: string }[] }
    ).parameters.map((p) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'cluster',
        'cluster_id',
        'name__ic',
        'vcpus__gte',
        'status__n',
        'tag',
        'q',
        'ordering',
        'brief',
        'fields',
        'omit',
      ]),
    );
    const dangling = refsIn(doc).filter(
      (ref) => ref.startsWith('#/components/schemas/') && !doc.components.schemas[ref.split('/').pop()!],
    );
    expect(dangling).toEqual([]);
  });

  it('keeps secrets write-only: in request schemas, never in response schemas', () => {
    const response = doc.components.schemas.ProxmoxEndpoint.properties as Record<string, unknown>;
    const request = doc.components.schemas.ProxmoxEndpointRequest.properties as Record<string, { writeOnly?: boolean }>;
    expect(response).not.toHaveProperty('token_value');
    expect(response).not.toHaveProperty('password');
    expect(request.token_value).toMatchObject({ writeOnly: true });
  });

  it('describes what the endpoints return: every list validates against its own schema', async () => {
    for (const key of apiModelKeys()) {
      const name = schemaName(getModel(key)!);
      const list = await callJson(env, 'GET', `/api/${apiPathOf(key)}/`);
      expect(validate(doc, { $ref: `#/components/schemas/Paginated${name}List` }, list.body), key).toEqual([]);
      const brief = await callJson<{ results: unknown[] }>(env, 'GET', `/api/${apiPathOf(key)}/?brief=1`);
      for (const item of brief.body.results)
        expect(validate(doc, { $ref: `#/components/schemas/Brief${name}` }, item), key).toEqual([]);
    }
  });

  it('serves YAML with ?format=yaml that parses back to the same document', async () => {
    const res = await call(env, 'GET', '/api/schema/?format=yaml');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.oai.openapi');
    expect(text.startsWith('openapi: "3.0.3"\n')).toBe(true);
    expect(toYaml({ a: [], b: {}, c: [{ d: 'yes', e: [1, null] }], 'x/y': 'on' })).toBe(
      'a: []\nb: {}\nc:\n  - d: "yes"\n    e:\n      - 1\n      - null\n"x/y": "on"\n',
    );
    // Round trip through a real YAML parser when one is installed (PyYAML, as on Debian).
    const python = ['/usr/bin/python3', 'python3'].find((bin) => spawnSync(bin, ['-c', 'import yaml']).status === 0);
    if (!python) return;
    const parsed = spawnSync(
      python,
      ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
      { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(parsed.status).toBe(0);
    expect(JSON.parse(parsed.stdout)).toEqual(doc);
  });
});

describe(`/api/status/ on ${testDriver}`, () => {
  it('answers NetBox’s status keys with Proxbox’s and Node’s versions', async () => {
    const { status, body } = await callJson(env, 'GET', '/api/status/');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      'django-version',
      'hostname',
      'installed_apps',
      'netbox-full-version',
      'netbox-version',
      'plugins',
      'python-version',
      'rq-workers-running',
    ]);
    expect(body).toMatchObject({
      'netbox-version': '4.6.0',
      'netbox-full-version': `4.6.0-Proxbox-${pkg.version}`,
      'python-version': process.versions.node,
      'rq-workers-running': 0,
      plugins: { netbox_proxbox: pkg.version },
    });
    expect(body.installed_apps).toMatchObject({
      next: pkg.dependencies.next,
      'drizzle-orm': pkg.dependencies['drizzle-orm'],
    });
  });
});

describe(`what NetBox clients read unconditionally, on ${testDriver}`, () => {
  it('inlines every list parameter with a name (nb_inventory reads p["name"])', () => {
    for (const [path, item] of Object.entries(
      doc.paths as Record<string, { get?: { parameters?: { name?: string; $ref?: string }[] } }>,
    )) {
      for (const p of item.get?.parameters ?? []) expect(p.name, `${path} has a parameter without a name`).toBeTruthy();
    }
  });

  it('answers object types Proxbox does not keep with an empty list, and sites with zero prefix/rack/circuit counts', async () => {
    for (const path of [
      '/api/dcim/regions/?limit=0',
      '/api/dcim/site-groups/',
      '/api/dcim/locations/',
      '/api/dcim/racks/',
      '/api/ipam/services/',
    ]) {
      expect((await callJson(env, 'GET', path)).body, path).toEqual({
        count: 0,
        next: null,
        previous: null,
        results: [],
      });
    }
    expect((await call(env, 'GET', '/api/dcim/regions/', { key: null })).status).toBe(403);
    expect((await callJson(env, 'POST', '/api/dcim/regions/', { body: { name: 'x' } })).status).toBe(405);
    const sites = (await callJson<{ results: Record<string, unknown>[] }>(env, 'GET', '/api/dcim/sites/')).body.results;
    expect(sites.length).toBeGreaterThan(0);
    for (const site of sites) expect([site.prefix_count, site.rack_count, site.circuit_count]).toEqual([0, 0, 0]);
  });
});
