import { describe, expect, it } from 'vitest';
import {
  layoutInstance,
  NODE_WIDTH,
  nodeHeight,
  startGraph,
  withoutRelation,
  withPage,
  withRelations,
} from '@/components/explorer/instance-graph';
import type { ExpansionPage, ExplorerObject, RelationSummary } from '@/lib/explorer/types';

// The instance view's state changes: expanding adds neighbours and links once, collapsing drops
// what is no longer reachable from the start, and the layout never overlaps two objects.

const obj = (model: string, id: number, display = `${model}-${id}`): ExplorerObject => ({
  model,
  modelLabel: model,
  id,
  display,
  href: `/${model}/${id}`,
});
const rel = (key: string, count: number): RelationSummary => ({
  key,
  direction: 'child',
  model: 'm',
  label: key,
  indirect: false,
  count,
  atLeast: false,
  listHref: `/m?${key}`,
});
const page = (
  object: ExplorerObject,
  relation: RelationSummary,
  items: ExplorerObject[],
  offset = 0,
  nextOffset: number | null = null,
): ExpansionPage => ({ object, relation, items, offset, limit: 50, nextOffset });

const endpoint = obj('proxmox-endpoints', 1);
const cluster = obj('proxmox-clusters', 2);
const nodes = [obj('proxmox-nodes', 3), obj('proxmox-nodes', 4)];
const vm = obj('virtual-machines', 5);

describe('instance graph', () => {
  it('adds a page of neighbours once, counts what is loaded and takes the exact count', () => {
    let g = startGraph({ object: endpoint, relations: [{ ...rel('clusters', 10_000), atLeast: true }] });
    g = withPage(g, page(endpoint, rel('clusters', 12_345), [cluster], 0, 1));
    g = withPage(g, page(endpoint, rel('clusters', 12_345), [cluster], 0, 1));
    expect(Object.keys(g.objects)).toEqual(['proxmox-endpoints:1', 'proxmox-clusters:2']);
    expect(g.links).toEqual([
      {
        id: 'proxmox-endpoints:1|clusters|proxmox-clusters:2',
        from: 'proxmox-endpoints:1',
        to: 'proxmox-clusters:2',
        relation: 'clusters',
        label: 'clusters',
      },
    ]);
    expect(g.objects['proxmox-endpoints:1'].expanded.clusters).toEqual({
      loaded: 1,
      total: 12_345,
      nextOffset: 1,
      listHref: '/m?clusters',
    });
    expect(g.objects['proxmox-endpoints:1'].relations).toEqual([rel('clusters', 12_345)]);
    expect(g.objects['proxmox-clusters:2'].relations).toBeNull();
  });

  it('collapsing a relation drops the subtree it alone reached, but keeps objects reached another way', () => {
    let g = startGraph({ object: endpoint, relations: [rel('clusters', 1), rel('nodes', 2)] });
    g = withPage(g, page(endpoint, rel('clusters', 1), [cluster]));
    g = withRelations(g, { object: cluster, relations: [rel('cnodes', 2)] });
    g = withPage(g, page(cluster, rel('cnodes', 2), nodes));
    g = withPage(g, page(nodes[0], rel('guests', 1), [vm]));
    g = withPage(g, page(endpoint, rel('nodes', 2), [nodes[1]]));
    const collapsed = withoutRelation(g, 'proxmox-endpoints:1', 'clusters');
    expect(Object.keys(collapsed.objects).sort()).toEqual(['proxmox-endpoints:1', 'proxmox-nodes:4']);
    expect(collapsed.objects['proxmox-endpoints:1'].expanded).toEqual({
      nodes: { loaded: 1, total: 2, nextOffset: null, listHref: '/m?nodes' },
    });
    expect(collapsed.links.map((l) => l.id)).toEqual(['proxmox-endpoints:1|nodes|proxmox-nodes:4']);
  });

  it('lays objects out left to right without overlaps', () => {
    let g = startGraph({ object: endpoint, relations: [rel('clusters', 1)] });
    g = withPage(g, page(endpoint, rel('clusters', 1), [cluster]));
    g = withPage(g, page(cluster, rel('cnodes', 2), nodes));
    const at = layoutInstance(g);
    expect(at['proxmox-clusters:2'].x).toBeGreaterThan(at['proxmox-endpoints:1'].x + NODE_WIDTH);
    expect(at['proxmox-nodes:3'].x).toBeGreaterThan(at['proxmox-clusters:2'].x + NODE_WIDTH);
    const [a, b] = nodes.map((n) => at[`proxmox-nodes:${n.id}`]);
    expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(nodeHeight(g.objects['proxmox-nodes:3']));
  });
});
