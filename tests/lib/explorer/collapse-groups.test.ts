import { describe, expect, it } from 'vitest';
import { collapseGroups, groupNodeId } from '@/lib/explorer/collapse-groups';
import type { EntityNode, SchemaEdge, SchemaGraph } from '@/lib/explorer/types';

const node = (id: string, group: string | null): EntityNode => ({
  id,
  table: id,
  dialect: 'pg',
  domain: group ? 'netbox-core' : 'infrastructure',
  modelKey: null,
  href: null,
  group,
  label: id,
  fields: [],
});
const fk = (source: string, target: string, col: string): SchemaEdge => ({
  id: `fk:${target}:${col}`,
  kind: 'fk',
  source,
  target,
  columns: [col],
  cardinality: '1:N',
  onDelete: 'cascade',
  via: null,
});

const graph: SchemaGraph = {
  domains: [
    { key: 'infrastructure', label: 'Infrastructure' },
    { key: 'netbox-core', label: 'NetBox core' },
  ],
  nodes: [
    node('nodes', null),
    node('storage', null),
    node('devices', 'DCIM'),
    node('sites', 'DCIM'),
    node('tags', 'Extras'),
  ],
  edges: [
    fk('devices', 'nodes', 'device_id'),
    fk('sites', 'nodes', 'site_id'),
    fk('sites', 'devices', 'site_id'),
    fk('nodes', 'storage', 'node_id'),
    fk('tags', 'devices', 'tag_id'),
  ],
};

describe('collapsed NetBox groups', () => {
  it('replaces each collapsed app by one node and reroutes edges to it, merging duplicates', () => {
    const view = collapseGroups(graph, new Set());
    expect(view.nodes.map((n) => n.id)).toEqual(['nodes', 'storage', groupNodeId('DCIM'), groupNodeId('Extras')]);
    expect(view.nodes.find((n) => n.id === 'group:DCIM')).toMatchObject({
      collapsed: { group: 'DCIM', tables: 2 },
      table: 'dcim (2 tables)',
    });
    expect(view.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      'group:DCIM->nodes',
      'nodes->storage',
      'group:Extras->group:DCIM',
    ]);
  });

  it('shows an expanded app table by table', () => {
    const view = collapseGroups(graph, new Set(['DCIM']));
    expect(view.nodes.map((n) => n.id)).toEqual(['nodes', 'storage', 'devices', 'sites', 'group:Extras']);
    expect(view.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      'devices->nodes',
      'sites->nodes',
      'sites->devices',
      'nodes->storage',
      'group:Extras->devices',
    ]);
  });
});
