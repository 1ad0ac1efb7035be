import dagre from '@dagrejs/dagre';
import { ENTITY_HEIGHT, ENTITY_WIDTH } from './entity-size';
import type { LaidOutSchemaGraph, Position, SchemaGraph } from './types';

export { ENTITY_HEIGHT, ENTITY_WIDTH };

// Automatic layout of the ER diagram: dagre's compound graphs keep each domain's tables in one
// box, and ranking along the foreign keys puts referenced tables left of the ones that point at them.

const BOX_PADDING = 24;

const boxId = (domain: string) => `domain:${domain}`;

/** Positions every entity (top-left corner) and the box around each domain. */
export function layoutSchemaGraph(graph: SchemaGraph): LaidOutSchemaGraph {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 20, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const domain of graph.domains)
    g.setNode(boxId(domain.key), {
      label: domain.label,
      paddingX: BOX_PADDING,
      paddingY: BOX_PADDING,
      width: 0,
      height: 0,
    });
  for (const node of graph.nodes) {
    g.setNode(node.id, { width: ENTITY_WIDTH, height: ENTITY_HEIGHT });
    g.setParent(node.id, boxId(node.domain));
  }
  for (const edge of graph.edges) {
    if (edge.kind !== 'fk' || edge.source === edge.target) continue;
    const sameDomain =
      graph.nodes.find((n) => n.id === edge.source)?.domain === graph.nodes.find((n) => n.id === edge.target)?.domain;
    // Links inside a domain pull harder, so a box stays compact.
    g.setEdge(edge.source, edge.target, { weight: sameDomain ? 4 : 1, minlen: 1 }, edge.id);
  }
  dagre.layout(g);

  const positions: Record<string, Position> = {};
  for (const node of graph.nodes) {
    const { x, y } = g.node(node.id) as { x: number; y: number };
    positions[node.id] = { x: Math.round(x - ENTITY_WIDTH / 2), y: Math.round(y - ENTITY_HEIGHT / 2) };
  }
  const boxes = graph.domains.map((domain) => {
    const box = g.node(boxId(domain.key)) as { x: number; y: number; width: number; height: number };
    return {
      domain: domain.key,
      x: Math.round(box.x - box.width / 2),
      y: Math.round(box.y - box.height / 2),
      width: Math.round(box.width),
      height: Math.round(box.height),
    };
  });
  const size = g.graph() as { width?: number; height?: number };
  return {
    ...graph,
    positions,
    boxes,
    size: { width: Math.round(size.width ?? 0), height: Math.round(size.height ?? 0) },
  };
}
