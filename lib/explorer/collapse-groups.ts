import type { EntityNode, SchemaEdge, SchemaGraph } from './types';

// The model view opens on the plugin's and the backend's tables; NetBox core tables stand in as
// one node per app ("DCIM · 8 tables") until the user expands it. Edges into a collapsed group
// end at its node (one edge per table pair, merged), so the links of the seed's diagram stay
// visible without the 20-odd NetBox tables around them.

export const groupNodeId = (group: string) => `group:${group}`;

/** The graph with every group not in `expanded` replaced by one stand-in node. */
export function collapseGroups(graph: SchemaGraph, expanded: ReadonlySet<string>): SchemaGraph {
  const hidden = new Map<string, string>();
  const groups = new Map<string, EntityNode[]>();
  for (const node of graph.nodes) {
    if (node.group === null || expanded.has(node.group)) continue;
    hidden.set(node.id, groupNodeId(node.group));
    groups.set(node.group, [...(groups.get(node.group) ?? []), node]);
  }
  const standIns: EntityNode[] = [...groups].map(([group, members]) => ({
    id: groupNodeId(group),
    table: `${group.toLowerCase()} (${members.length} tables)`,
    dialect: members[0].dialect,
    domain: members[0].domain,
    modelKey: null,
    href: null,
    group,
    label: members.map((m) => m.table).join(', '),
    fields: [],
    collapsed: { group, tables: members.length },
  }));
  const seen = new Set<string>();
  const edges: SchemaEdge[] = [];
  for (const edge of graph.edges) {
    const source = hidden.get(edge.source) ?? edge.source;
    const target = hidden.get(edge.target) ?? edge.target;
    // Links inside one collapsed group vanish with it; the rest end at the group's node.
    if (source === target && (hidden.has(edge.source) || hidden.has(edge.target))) continue;
    const rerouted = source !== edge.source || target !== edge.target;
    const key = rerouted ? `${edge.kind}:${source}->${target}` : edge.id;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push(rerouted ? { ...edge, id: key, source, target } : edge);
  }
  return { domains: graph.domains, nodes: [...graph.nodes.filter((n) => !hidden.has(n.id)), ...standIns], edges };
}
