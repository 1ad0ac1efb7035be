import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_V1_TOKEN,
  startNetboxSimulator,
  type NetboxSimulator,
  type NetboxSimulatorOptions,
  type NetboxVersion,
} from '@/simulators/netbox';
import { validate, type OpenApiDoc } from '../../lib/api/openapi-validator';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'netbox');

/** NetBox 4.2.2's schema; for 4.6 with the 4.6.8 excerpt overlaid (fixtures README). 4.0 responses are checked against 4.2.2. */
export function specFor(version: NetboxVersion): OpenApiDoc {
  const subset = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'openapi-subset.json'), 'utf8')) as OpenApiDoc;
  if (version === '4.6') {
    const excerpt = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, 'openapi-4.6.8-excerpt.json'), 'utf8'),
    ) as OpenApiDoc;
    Object.assign(subset.components.schemas, excerpt.components.schemas);
  }
  return subset;
}

/** Violations of a component schema (e.g. `VirtualMachineWithConfigContext`). */
export function violations(doc: OpenApiDoc, component: string, value: unknown): string[] {
  return validate(doc, { $ref: `#/components/schemas/${component}` }, value);
}

export interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface Client {
  sim: NetboxSimulator;
  call(method: string, apiPath: string, body?: unknown, auth?: string | null): Promise<Reply>;
  get(apiPath: string): Promise<Reply>;
  post(apiPath: string, body: unknown): Promise<Reply>;
  patch(apiPath: string, body: unknown): Promise<Reply>;
  /** POST that must succeed; returns the created object. */
  make(apiPath: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export async function startClient(opts: NetboxSimulatorOptions = {}): Promise<Client> {
  const sim = await startNetboxSimulator({ now: () => new Date('2026-03-01T12:00:00.123Z'), ...opts });
  const call = async (
    method: string,
    apiPath: string,
    body?: unknown,
    auth: string | null = `Token ${DEFAULT_V1_TOKEN}`,
  ): Promise<Reply> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (auth) headers.Authorization = auth;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${sim.url}${apiPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
  };
  const client: Client = {
    sim,
    call,
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
    patch: (p, b) => call('PATCH', p, b),
    async make(p, b) {
      const r = await call('POST', p, b);
      if (r.status !== 201) throw new Error(`POST ${p} → ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as Record<string, unknown>;
    },
  };
  return client;
}

export type Obj = Record<string, unknown>;
export const results = (r: Reply) => (r.body as { results: Obj[] }).results;
