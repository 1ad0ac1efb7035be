import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { getSchemaDiagram } from '@/lib/explorer/schema-diagram';

vi.mock('next/navigation', () => ({ useRouter: () => ({ push: () => undefined }) }));

// The model view's server render: every table is on the page (named for assistive technology)
// before the browser runs any script.

describe('schema canvas', () => {
  it('renders the plugin and backend tables and one collapsed group per NetBox app on the server, with the legend', async () => {
    const { SchemaCanvas } = await import('@/components/explorer/schema-canvas');
    const graph = getSchemaDiagram();
    const html = renderToString(createElement(SchemaCanvas, { graph }));
    const labels = [...html.matchAll(/aria-label="Table ([a-z_0-9]+)"/g)].map((m) => m[1]).sort();
    expect(labels).toEqual(
      graph.nodes
        .filter((n) => n.group === null)
        .map((n) => n.table)
        .sort(),
    );
    expect(labels).toContain('proxmox_endpoints');
    expect(labels).toContain('api_key');
    const groups = [...html.matchAll(/aria-label="Group ([A-Za-z]+)"/g)].map((m) => m[1]).sort();
    expect(groups).toEqual(['DCIM', 'Extras', 'IPAM', 'Organization', 'Users', 'Virtualization']);
    for (const domain of graph.domains) expect(html).toContain(domain.label);
    expect(html).toContain(`${graph.nodes.length} tables, ${graph.edges.length} relationships`);
  });
});

describe('instance canvas', () => {
  it('renders the starting object with one button per non-empty relation', async () => {
    const { InstanceCanvas } = await import('@/components/explorer/instance-canvas');
    const rel = (key: string, label: string, count: number, atLeast = false) => ({
      key,
      direction: 'child' as const,
      model: 'x',
      label,
      indirect: false,
      count,
      atLeast,
      listHref: '/x',
    });
    const start = {
      object: {
        model: 'proxmox-endpoints',
        modelLabel: 'Proxmox endpoint',
        id: 7,
        display: 'pve-a',
        href: '/proxmox-endpoints/7',
      },
      relations: [
        rel('child:proxmox-clusters:proxmoxEndpointId', 'Proxmox clusters', 1),
        rel('child:backups:proxmoxEndpointId', 'VM backups', 10_000, true),
        rel('child:replications:proxmoxEndpointId', 'Replications', 0),
      ],
    };
    const html = renderToString(createElement(InstanceCanvas, { start }));
    expect(html).toContain('aria-label="Proxmox endpoint: pve-a"');
    expect(html).toContain('href="/proxmox-endpoints/7"');
    const buttons = [...html.matchAll(/<button[^>]*aria-expanded="false"[^>]*>(.*?)<\/button>/g)].map((m) =>
      m[1].replace(/<[^>]+>/g, '').replace(/<!-- -->/g, ''),
    );
    expect(buttons).toEqual(['▸ Proxmox clusters (1)', '▸ VM backups (10,000+)']);
  });
});
