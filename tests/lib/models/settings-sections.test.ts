import { describe, expect, it } from 'vitest';
import { OVERWRITE_FLAGS } from '@/db/schema/choices';
import { formSections } from '@/components/model-form/field-sections';
import { groupFieldsBySection } from '@/lib/models/field-sections';
import { settingsModel } from '@/lib/models/definitions/operations';
import type { FieldMeta } from '@/lib/models/types';

// The settings page groups every field of ProxboxPluginSettings into the seed's sections, each
// field exactly once, in the detail view and the edit form; new fields are never hidden.

const meta = settingsModel.meta;
const sections = meta.fieldSections!;
const titles = (groups: { title: string }[]) => groups.map((g) => g.title);
const keysOf = (groups: { fields: FieldMeta[] }[]) => groups.flatMap((g) => g.fields.map((f) => f.key));
const group = (groups: { title: string; fields: FieldMeta[] }[], title: string) =>
  groups.find((g) => g.title === title)!.fields.map((f) => f.key);

describe('settings sections', () => {
  const detail = groupFieldsBySection(meta.fields, sections);

  it('the detail view shows every field exactly once', () => {
    const keys = keysOf(detail);
    expect(keys).toHaveLength(meta.fields.length);
    expect(new Set(keys)).toEqual(new Set(meta.fields.map((f) => f.key)));
    expect(titles(detail)).toEqual([
      'Sync behaviour',
      'Scheduling',
      'Overwrite flags',
      'Concurrency and timeouts',
      'Deletion policy',
      'Backend and security',
      'Other',
    ]);
  });

  it('puts each field in its section; every sync* field is scheduling', () => {
    expect(group(detail, 'Sync behaviour')).toEqual([
      'useGuestAgentInterfaceName',
      'ignoreIpv6LinkLocalAddresses',
      'primaryIpPreference',
      'taskHistoryDays',
    ]);
    const scheduling = group(detail, 'Scheduling');
    expect([...scheduling].sort()).toEqual(
      meta.fields
        .filter((f) => /^sync[A-Z]/.test(f.key))
        .map((f) => f.key)
        .sort(),
    );
    expect(scheduling.slice(0, 2)).toEqual(['syncEnabled', 'syncInterval']);
    expect(group(detail, 'Overwrite flags').sort()).toEqual([...OVERWRITE_FLAGS].sort());
    expect(group(detail, 'Concurrency and timeouts')).toEqual([
      'proxboxFetchMaxConcurrency',
      'vmSyncMaxConcurrency',
      'proxmoxTimeout',
      'proxmoxMaxRetries',
      'proxmoxRetryBackoff',
      'netboxMaxConcurrent',
      'netboxMaxRetries',
      'netboxRetryDelay',
      'netboxGetCacheTtl',
      'bulkBatchSize',
      'bulkBatchDelayMs',
      'customFieldsRequestDelay',
    ]);
    expect(group(detail, 'Deletion policy')).toEqual(['staleVmPolicy', 'deleteOrphans']);
    expect(group(detail, 'Other').sort()).toEqual(['created', 'customFields', 'id', 'lastUpdated', 'singletonKey']);
  });

  it('the edit form uses the same sections, each editable field once', () => {
    const form = formSections(meta, 'edit');
    const expected = meta.fields.filter((f) => !f.hidden).map((f) => f.key);
    expect(keysOf(form).sort()).toEqual([...expected].sort());
    expect(titles(form).slice(0, 6)).toEqual([
      'Sync behaviour',
      'Scheduling',
      'Overwrite flags',
      'Concurrency and timeouts',
      'Deletion policy',
      'Backend and security',
    ]);
  });

  it('a field added later lands in its pattern section or in Other, never nowhere', () => {
    const extra = (key: string): FieldMeta => ({
      key,
      api: key,
      label: key,
      kind: 'text',
      required: false,
      nullable: true,
      readOnly: false,
    });
    const groups = groupFieldsBySection([...meta.fields, extra('syncWindowStart'), extra('brandNewSetting')], sections);
    expect(group(groups, 'Scheduling')).toContain('syncWindowStart');
    expect(group(groups, 'Other')).toContain('brandNewSetting');
    expect(keysOf(groups)).toHaveLength(meta.fields.length + 2);
  });

  it('a key listed by two sections belongs to the first; unknown listed keys are ignored', () => {
    const f = (key: string): FieldMeta => ({
      key,
      api: key,
      label: key,
      kind: 'text',
      required: false,
      nullable: true,
      readOnly: false,
    });
    const groups = groupFieldsBySection(
      [f('a'), f('b'), f('c')],
      [
        { title: 'One', fields: ['b', 'missing'] },
        { title: 'Two', fields: ['b', 'a'], match: '^c$' },
      ],
    );
    expect(groups.map((g) => [g.title, g.fields.map((x) => x.key)])).toEqual([
      ['One', ['b']],
      ['Two', ['a', 'c']],
    ]);
  });
});
