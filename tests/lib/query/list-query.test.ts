import { describe, expect, it } from 'vitest';
import type { FieldMeta, ModelMeta } from '@/lib/models/types';
import { normalizeDatetime, parseListQuery, serializeListQuery } from '@/lib/query/list-query';

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
  key: 'virtual-machines',
  label: 'Virtual machine',
  labelPlural: 'Virtual machines',
  group: 'Virtualization',
  objectType: 'virtualization.virtualmachine',
  fields: [
    field('id', 'integer', { readOnly: true, nullable: false }),
    field('name', 'text'),
    field('status', 'choice', {
      choices: [
        { value: 'active', label: 'Active' },
        { value: 'offline', label: 'Offline' },
      ],
    }),
    field('vcpus', 'number'),
    field('memory', 'integer'),
    field('enabled', 'boolean'),
    field('overwriteVmTags', 'nullboolean'),
    field('cluster', 'fk', { fk: 'clusters' }),
    field('config', 'json'),
    field('token', 'secret'),
    field('lastUpdated', 'datetime'),
  ],
  list: { columns: ['name', 'status'], defaultSort: { key: 'name', desc: false }, search: ['name'] },
  creatable: true,
  deletable: true,
  editable: true,
  singleton: false,
  taggable: true,
  related: [],
  virtualFilters: [],
};

const parse = (qs: string) => parseListQuery(meta, new URLSearchParams(qs));

describe('parseListQuery', () => {
  it('returns the defaults for an empty query', () => {
    expect(parse('')).toEqual({ page: 1, perPage: 50, sort: { key: 'name', desc: false }, q: '', filters: {} });
  });

  it('reads page, per_page, sort and q', () => {
    expect(parse('page=3&per_page=100&sort=-memory&q=%20web%20')).toEqual({
      page: 3,
      perPage: 100,
      sort: { key: 'memory', desc: true },
      q: 'web',
      filters: {},
    });
  });

  it('ignores invalid paging values', () => {
    expect(parse('page=0&per_page=1001').page).toBe(1);
    expect(parse('page=0&per_page=1001').perPage).toBe(50);
    expect(parse('page=-2&per_page=abc').page).toBe(1);
    expect(parse('page=2.5&per_page=0').perPage).toBe(50);
    expect(parse('per_page=1000').perPage).toBe(1000);
    expect(parse('per_page=1').perPage).toBe(1);
  });

  it('falls back to the default sort for unknown or unsortable keys', () => {
    expect(parse('sort=nope').sort).toEqual({ key: 'name', desc: false });
    expect(parse('sort=-config').sort).toEqual({ key: 'name', desc: false });
    expect(parse('sort=token').sort).toEqual({ key: 'name', desc: false });
    expect(parse('sort=cluster').sort).toEqual({ key: 'cluster', desc: false });
  });

  it('parses equality filters per kind and drops invalid values', () => {
    const q = parse(
      'status=active&status=bogus&status=offline&enabled=true&enabled=yes&overwriteVmTags=null' +
        '&cluster=12&cluster=x&cluster=0&memory=2048&vcpus=1.5&name=web&config=1&token=a&unknown=1',
    );
    expect(q.filters).toEqual({
      status: ['active', 'offline'],
      enabled: ['true'],
      overwriteVmTags: ['null'],
      cluster: ['12'],
      memory: ['2048'],
      vcpus: ['1.5'],
      name: ['web'],
    });
  });

  it('deduplicates repeated values and skips empty ones', () => {
    expect(parse('status=active&status=active&name=&cluster=').filters).toEqual({ status: ['active'] });
  });

  it('parses range filters for numbers and datetimes only', () => {
    const q = parse(
      'memory__gte=1024&memory__lte=x&vcpus__lte=4&lastUpdated__gte=2024-05-01T10:00' +
        '&lastUpdated__lte=2024-05-02&name__gte=a&status__lte=active',
    );
    expect(q.filters).toEqual({
      memory__gte: ['1024'],
      vcpus__lte: ['4'],
      lastUpdated__gte: ['2024-05-01T10:00:00.000Z'],
      lastUpdated__lte: ['2024-05-02T00:00:00.000Z'],
    });
  });

  it('ignores datetime equality filters', () => {
    expect(parse('lastUpdated=2024-01-01').filters).toEqual({});
  });

  it('accepts a plain record (Next searchParams)', () => {
    expect(parseListQuery(meta, { page: '2', status: ['active', 'offline'], q: undefined, cols: 'name' })).toEqual({
      page: 2,
      perPage: 50,
      sort: { key: 'name', desc: false },
      q: '',
      filters: { status: ['active', 'offline'] },
    });
  });

  it('caps q at 200 characters', () => {
    expect(parse(`q=${'a'.repeat(250)}`).q).toHaveLength(200);
  });
});

describe('normalizeDatetime', () => {
  it('treats zone-less times as UTC and rejects garbage', () => {
    expect(normalizeDatetime('2024-05-01T10:00')).toBe('2024-05-01T10:00:00.000Z');
    expect(normalizeDatetime('2024-05-01T10:00:00+02:00')).toBe('2024-05-01T08:00:00.000Z');
    expect(normalizeDatetime('yesterday')).toBeNull();
    expect(normalizeDatetime('2024-13-45')).toBeNull();
  });
});

describe('serializeListQuery', () => {
  it('omits defaults', () => {
    expect(serializeListQuery(meta, parse(''))).toBe('');
  });

  it('writes every non-default part in a stable order', () => {
    const query = parse('page=2&per_page=25&sort=-memory&q=web&status=active&status=offline&memory__gte=1024');
    expect(serializeListQuery(meta, query)).toBe(
      'q=web&status=active&status=offline&memory__gte=1024&sort=-memory&per_page=25&page=2',
    );
  });

  it('round-trips through parseListQuery', () => {
    const query = parse('sort=cluster&cluster=4&cluster=7&enabled=false&page=9');
    expect(parse(serializeListQuery(meta, query))).toEqual(query);
  });
});
