import { sql } from 'drizzle-orm';
import { bigint, pgTable, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseColumns } from '@/db/schema/columns';
import { sites } from '@/db/schema';
import { apiModelKeys } from '@/lib/api/paths';
import { createRecord, listRecords } from '@/lib/data/records';
import { constantOf, countOf } from '@/lib/models/api-spec';
import { defineModel } from '@/lib/models/define-model';
import { allModels, getMeta, getModel, modelMetas, registerModel } from '@/lib/models/registry';
import { testDriver } from '../../helpers/db';
import { callJson, setupApi, system, teardownApi, type ApiEnv } from '../api/helpers';
import { validate, type OpenApiDoc } from '../api/openapi-validator';

// "Adding a model" as the README describes it, end to end: a table, its definition, its registry
// line (here `registerModel`, the runtime form of a line in lib/models/registry.ts). Nothing else
// is touched, and the list page data, the REST API and the OpenAPI document serve it.

const gadgets = pgTable('throwaway_gadgets', {
  ...baseColumns,
  name: varchar({ length: 50 }).notNull(),
  siteId: bigint({ mode: 'number' }).references(() => sites.id, { onDelete: 'set null' }),
  parentId: bigint({ mode: 'number' }).references((): AnyPgColumn => gadgets.id, { onDelete: 'set null' }),
});

const gadgetModel = defineModel({
  key: 'throwaway-gadgets',
  label: 'Throwaway gadget',
  group: 'Other',
  objectType: 'testing.throwawaygadget',
  table: gadgets,
  display: (row) => String(row.name),
  taggable: false,
  list: { columns: ['name', 'siteId'], defaultSort: { key: 'name', desc: false }, search: ['name'] },
  api: {
    path: 'plugins/testing/gadgets',
    brief: ['name', 'answer'],
    computed: { answer: constantOf(42), child_count: countOf(gadgets, gadgets.parentId) },
  },
});

const PATH = '/api/plugins/testing/gadgets/';
let env: ApiEnv;
let siteId: number;
let ids: number[];

beforeAll(async () => {
  env = await setupApi();
  await env.db.db.execute(sql`create table if not exists throwaway_gadgets (
    id bigserial primary key,
    created timestamptz not null default now(),
    last_updated timestamptz not null default now(),
    custom_field_data jsonb not null default '{}'::jsonb,
    name varchar(50) not null,
    site_id bigint references sites(id) on delete set null,
    parent_id bigint references throwaway_gadgets(id) on delete set null
  )`);
  registerModel(gadgetModel);
  siteId = (await createRecord(system, 'sites', { name: 'Gadget site', slug: 'gadget-site' })).id;
  ids = [(await createRecord(system, 'throwaway-gadgets', { name: 'beta', siteId })).id];
  ids.push((await createRecord(system, 'throwaway-gadgets', { name: 'alpha', siteId, parentId: ids[0] })).id);
});

afterAll(async () => {
  await env.db.db.execute(sql`drop table if exists throwaway_gadgets`);
  await teardownApi(env);
});

describe(`a model added through the registry on ${testDriver}`, () => {
  it('is in the registry, the navigation and the foreign-key graph, and cannot be registered twice', () => {
    expect(getModel('throwaway-gadgets')).toBe(gadgetModel);
    expect(modelMetas().at(-1)?.key).toBe('throwaway-gadgets');
    expect(gadgetModel.meta.fields.find((f) => f.key === 'siteId')).toMatchObject({
      kind: 'fk',
      fk: 'sites',
      api: 'site',
    });
    expect(gadgetModel.meta.fields.find((f) => f.key === 'parentId')).toMatchObject({
      kind: 'fk',
      fk: 'throwaway-gadgets',
      api: 'parent',
    });
    expect(getMeta('sites')!.related).toContainEqual({
      model: 'throwaway-gadgets',
      field: 'siteId',
      label: 'Throwaway gadgets',
      onDelete: 'set null',
    });
    expect(getMeta('object-changes')!.fields.find((f) => f.key === 'changedObjectType')!.choices).toContainEqual({
      value: 'testing.throwawaygadget',
      label: 'Throwaway gadget',
    });
    expect(() => registerModel(gadgetModel)).toThrow(
      'Model "throwaway-gadgets" (or its table or object type) is already registered.',
    );
    expect(allModels().filter((m) => m.meta.key === 'throwaway-gadgets')).toHaveLength(1);
  });

  it('serves its list page data, sorted and searchable like any other model', async () => {
    const page = await listRecords(system, 'throwaway-gadgets', {
      page: 1,
      perPage: 50,
      sort: null,
      q: '',
      filters: {},
    });
    expect(page.rowCount).toBe(2);
    expect(page.rows.map((r) => [r.id, r.name, r.display])).toEqual([
      [ids[1], 'alpha', 'alpha'],
      [ids[0], 'beta', 'beta'],
    ]);
    expect(page.rows[0].siteId).toMatchObject({ id: siteId, display: 'Gadget site' });
    const searched = await listRecords(system, 'throwaway-gadgets', {
      page: 1,
      perPage: 50,
      sort: null,
      q: 'bet',
      filters: {},
    });
    expect(searched.rows.map((r) => r.name)).toEqual(['beta']);
  });

  it('has an API list and detail route with its declared brief and computed fields', async () => {
    expect(apiModelKeys()).toContain('throwaway-gadgets');
    const list = await callJson<{ count: number; results: Record<string, unknown>[] }>(
      env,
      'GET',
      `${PATH}?ordering=name`,
    );
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(2);
    const first = list.body.results[0];
    // Counters go last, after the timestamps; other computed fields come before custom_fields.
    expect(Object.keys(first)).toEqual([
      'id',
      'url',
      'display_url',
      'display',
      'name',
      'site',
      'parent',
      'answer',
      'custom_fields',
      'created',
      'last_updated',
      'child_count',
    ]);
    expect(first).toMatchObject({
      id: ids[1],
      url: `http://proxbox.test${PATH}${ids[1]}/`,
      display_url: `http://proxbox.test/throwaway-gadgets/${ids[1]}`,
      display: 'alpha',
      name: 'alpha',
      site: {
        id: siteId,
        url: `http://proxbox.test/api/dcim/sites/${siteId}/`,
        display: 'Gadget site',
        name: 'Gadget site',
        slug: 'gadget-site',
        description: '',
      },
      parent: { id: ids[0], url: `http://proxbox.test${PATH}${ids[0]}/`, display: 'beta', name: 'beta', answer: 42 },
      custom_fields: {},
      answer: 42,
      child_count: 0,
    });

    const detail = await callJson<Record<string, unknown>>(env, 'GET', `${PATH}${ids[0]}/`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: ids[0],
      name: 'beta',
      site: { id: siteId },
      parent: null,
      answer: 42,
      child_count: 1,
    });

    const brief = await callJson<{ results: unknown[] }>(env, 'GET', `${PATH}?brief=1&ordering=-name`);
    expect(brief.body.results).toEqual([
      { id: ids[0], url: `http://proxbox.test${PATH}${ids[0]}/`, display: 'beta', name: 'beta', answer: 42 },
      { id: ids[1], url: `http://proxbox.test${PATH}${ids[1]}/`, display: 'alpha', name: 'alpha', answer: 42 },
    ]);

    const missing = await callJson(env, 'GET', `${PATH}999999/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'No ThrowawayGadget matches the given query.' });

    const apps = await callJson<Record<string, string>>(env, 'GET', '/api/plugins/testing/');
    expect(apps.body).toEqual({ gadgets: 'http://proxbox.test/api/plugins/testing/gadgets/' });
  });

  it('appears in the OpenAPI document, which describes what the route returns', async () => {
    const doc = (
      await callJson<
        OpenApiDoc & { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }
      >(env, 'GET', '/api/schema/')
    ).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([PATH, `${PATH}{id}/`]));
    expect(Object.keys(doc.components.schemas.ThrowawayGadget.properties!)).toEqual([
      'id',
      'url',
      'display_url',
      'display',
      'name',
      'site',
      'parent',
      'answer',
      'custom_fields',
      'created',
      'last_updated',
      'child_count',
    ]);
    expect(Object.keys(doc.components.schemas.BriefThrowawayGadget.properties!)).toEqual([
      'id',
      'url',
      'display',
      'name',
      'answer',
    ]);
    const list = await callJson(env, 'GET', PATH);
    expect(validate(doc, { $ref: '#/components/schemas/PaginatedThrowawayGadgetList' }, list.body)).toEqual([]);
    // The validator can fail: a body that breaks the schema is reported.
    expect(
      validate(
        doc,
        { $ref: '#/components/schemas/PaginatedThrowawayGadgetList' },
        { count: 'two', results: [{ id: 'x' }] },
      ),
    ).not.toEqual([]);
  });
});
