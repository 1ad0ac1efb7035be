import { describe, expect, it } from 'vitest';
import type { FieldMeta, ModelMeta } from '@/lib/models/types';
import { formDataToObject, formValues, syncLockedKeys } from '@/lib/forms/form-data';

const field = (key: string, kind: FieldMeta['kind'], extra: Partial<FieldMeta> = {}): FieldMeta => ({
  key,
  api: key,
  label: key,
  kind,
  required: false,
  nullable: true,
  readOnly: false,
  ...extra,
});

const meta: ModelMeta = {
  key: 'endpoints',
  label: 'Endpoint',
  labelPlural: 'Endpoints',
  group: 'Endpoints',
  objectType: 'netbox_proxbox.proxmoxendpoint',
  fields: [
    field('id', 'integer', { readOnly: true, nullable: false }),
    field('name', 'text', { required: true, nullable: false }),
    field('description', 'text', { nullable: false }),
    field('domain', 'text'),
    field('port', 'integer', { nullable: false }),
    field('vmid', 'integer', { required: true, nullable: false }),
    field('weight', 'number'),
    field('verifySsl', 'boolean', { nullable: false }),
    field('overwriteVmTags', 'nullboolean'),
    field('mode', 'choice', { choices: [{ value: 'cluster', label: 'Cluster' }] }),
    field('cluster', 'fk', { fk: 'clusters' }),
    field('customFields', 'json', { nullable: false }),
    field('config', 'json'),
    field('password', 'secret'),
    field('token', 'secret'),
    field('lastRun', 'datetime'),
    field('internal', 'text', { hidden: true }),
    field('version', 'text', { readOnly: true }),
  ],
  list: { columns: ['name'], defaultSort: { key: 'name', desc: false }, search: ['name'] },
  creatable: true,
  deletable: true,
  editable: true,
  singleton: false,
  taggable: true,
  related: [],
  virtualFilters: [],
};

function form(entries: [string, string][]): FormData {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}

describe('formDataToObject', () => {
  it('converts a full submission by field kind', () => {
    const fd = form([
      ['id', '99'],
      ['name', 'pve1'],
      ['description', ''],
      ['domain', ''],
      ['port', '8006'],
      ['vmid', '101'],
      ['weight', '1.5'],
      ['verifySsl', 'on'],
      ['overwriteVmTags', 'false'],
      ['mode', 'cluster'],
      ['cluster', '12'],
      ['cluster__display', 'Cluster A'],
      ['customFields', '{"a":1}'],
      ['config', ''],
      ['password', 's3cret'],
      ['token', ''],
      ['lastRun', '2024-05-01T10:00'],
      ['internal', 'x'],
      ['version', '8.1'],
    ]);
    expect(formDataToObject(meta, fd)).toEqual({
      name: 'pve1',
      description: '',
      domain: null,
      port: 8006,
      vmid: 101,
      weight: 1.5,
      verifySsl: true,
      overwriteVmTags: false,
      mode: 'cluster',
      cluster: 12,
      customFields: { a: 1 },
      config: null,
      password: 's3cret',
      lastRun: '2024-05-01T10:00:00.000Z',
    });
  });

  it('reads an absent checkbox as false and blank selects as null', () => {
    const fd = form([
      ['overwriteVmTags', ''],
      ['mode', ''],
      ['cluster', ''],
      ['lastRun', ''],
    ]);
    expect(formDataToObject(meta, fd)).toEqual({
      verifySsl: false,
      overwriteVmTags: null,
      mode: null,
      cluster: null,
      lastRun: null,
    });
  });

  it('keeps invalid input raw so validation can report it', () => {
    const fd = form([
      ['port', 'abc'],
      ['vmid', '1.5'],
      ['weight', '1e999'],
      ['cluster', 'x'],
      ['config', '{bad'],
      ['overwriteVmTags', 'maybe'],
      ['lastRun', 'soon'],
    ]);
    expect(formDataToObject(meta, fd)).toEqual({
      port: 'abc',
      vmid: '1.5',
      weight: '1e999',
      verifySsl: false,
      cluster: 'x',
      config: '{bad',
      overwriteVmTags: 'maybe',
      lastRun: 'soon',
    });
  });

  it('blank non-nullable numbers: required → "" (reported), defaulted → omitted', () => {
    expect(
      formDataToObject(
        meta,
        form([
          ['port', ''],
          ['vmid', ' '],
          ['customFields', ''],
        ]),
      ),
    ).toEqual({
      vmid: '',
      verifySsl: false,
    });
  });

  it('omits blank secrets and nulls cleared ones', () => {
    const fd = form([
      ['password', ''],
      ['token', 'ignored'],
      ['tokenClear', 'on'],
    ]);
    const input = formDataToObject(meta, fd);
    expect('password' in input).toBe(false);
    expect(input.token).toBeNull();
  });
});

describe('formValues', () => {
  it('echoes submitted strings but never secrets', () => {
    const fd = form([
      ['name', 'pve1'],
      ['password', 's3cret'],
      ['token', 'tok'],
      ['cluster', '12'],
      ['cluster__display', 'Cluster A'],
      ['version', '8.1'],
    ]);
    expect(formValues(meta, fd)).toEqual({
      name: 'pve1',
      verifySsl: 'false',
      cluster: '12',
      cluster__display: 'Cluster A',
    });
  });
});

describe('sync-locked fields', () => {
  const managed: ModelMeta = { ...meta, syncManaged: { marker: 'cluster', fields: ['name', 'verifySsl'] } };

  it('locks the listed fields only once the row carries the marker', () => {
    expect([...syncLockedKeys(managed, { cluster: { id: 1, display: 'c', model: 'clusters' } })]).toEqual([
      'name',
      'verifySsl',
    ]);
    expect(syncLockedKeys(managed, { cluster: null }).size).toBe(0);
    expect(syncLockedKeys(meta, { cluster: 1 }).size).toBe(0);
    expect(syncLockedKeys(managed, undefined).size).toBe(0);
  });

  it('leaves locked fields out of the input, so an absent checkbox is not read as false', () => {
    const fd = form([
      ['name', 'changed'],
      ['description', 'mine'],
    ]);
    expect(formDataToObject(managed, fd, new Set(['name', 'verifySsl']))).toEqual({ description: 'mine' });
  });
});

describe('tags in forms', () => {
  const taggable: ModelMeta = { ...meta, taggable: true };
  const fd = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    return data;
  };

  it('submits the chosen tag ids, and an empty list when every tag was removed', () => {
    expect(
      formDataToObject(
        taggable,
        fd([
          ['name', 'x'],
          ['tags__present', '1'],
          ['tags', '3'],
          ['tags', '7'],
        ]),
      ).tags,
    ).toEqual([3, 7]);
    expect(
      formDataToObject(
        taggable,
        fd([
          ['name', 'x'],
          ['tags__present', '1'],
        ]),
      ).tags,
    ).toEqual([]);
    expect('tags' in formDataToObject(taggable, fd([['name', 'x']]))).toBe(false);
    expect(
      'tags' in
        formDataToObject(
          { ...taggable, taggable: false },
          fd([
            ['tags__present', '1'],
            ['tags', '3'],
          ]),
        ),
    ).toBe(false);
  });

  it('echoes the tags back with their names after a failed submit', () => {
    const values = formValues(
      taggable,
      fd([
        ['tags__present', '1'],
        ['tags', '3'],
        ['tags__display', 'prod'],
      ]),
    );
    expect(JSON.parse(values.tags)).toEqual([{ id: 3, display: 'prod', model: 'tags' }]);
  });
});

describe('set fields (multiChoices / multiFk) in forms', () => {
  const sets: ModelMeta = {
    ...meta,
    fields: [
      field('stages', 'text', {
        nullable: false,
        multiChoices: [
          { value: 'devices', label: 'devices' },
          { value: 'storage', label: 'storage' },
        ],
      }),
      field('endpoints', 'text', { nullable: false, multiFk: 'proxmox-endpoints' }),
    ],
  };

  it('submits the ticked boxes as a list, an empty list when none is ticked, nothing without the marker', () => {
    const ticked = form([
      ['stages__present', '1'],
      ['stages', 'storage'],
      ['stages', 'devices'],
      ['endpoints__present', '1'],
      ['endpoints', '4'],
    ]);
    expect(formDataToObject(sets, ticked)).toEqual({ stages: ['storage', 'devices'], endpoints: ['4'] });
    expect(
      formDataToObject(
        sets,
        form([
          ['stages__present', '1'],
          ['endpoints__present', '1'],
        ]),
      ),
    ).toEqual({ stages: [], endpoints: [] });
    expect(formDataToObject(sets, form([['stages', 'devices']]))).toEqual({});
  });

  it('echoes the ticked items back as comma-separated text', () => {
    const fd = form([
      ['stages__present', '1'],
      ['stages', 'storage'],
      ['stages', 'bogus'],
      ['endpoints__present', '1'],
    ]);
    expect(formValues(sets, fd)).toEqual({ stages: 'storage, bogus', endpoints: '' });
  });
});
