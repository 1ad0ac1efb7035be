import { describe, expect, it } from 'vitest';
import { buildSchemaGraph } from '@/lib/explorer/schema-graph';
import { modelRefs, schemaSources, tablePages } from '@/lib/explorer/schema-sources';

// Every table of the seed's ER diagram opens a page from the explorer: registry models their
// list, the backend store's records the Backend section.

describe('explorer table pages', () => {
  const graph = buildSchemaGraph(schemaSources(), modelRefs(), tablePages());
  const href = (id: string) => graph.nodes.find((n) => n.id === id)?.href;

  it('links the backend tables to the Backend section', () => {
    expect(href('sqlite:proxmox_endpoint')).toBe('/backend');
    expect(href('sqlite:netbox_endpoint')).toBe('/backend');
    expect(href('sqlite:api_key')).toBe('/api-keys');
    expect(href('sqlite:auth_lockout')).toBe('/backend/lockouts');
    expect(href('sqlite:api_key_bootstrap_claim')).toBeNull();
  });

  it('links registry tables to their list and names only existing tables', () => {
    expect(href('pg:virtual_machines')).toBe('/virtual-machines');
    for (const id of tablePages().keys()) expect(graph.nodes.some((n) => n.id === id)).toBe(true);
  });
});
