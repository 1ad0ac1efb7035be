import type { Edge, Node } from '@xyflow/react';
import { ENTITY_HEIGHT, ENTITY_WIDTH } from '@/lib/explorer/entity-size';
import type { DomainKey, EntityNode, LaidOutSchemaGraph, SchemaEdge } from '@/lib/explorer/types';

// The laid-out schema graph as React Flow nodes and edges. Foreign keys between the same two
// tables (a device's three IP address columns) share one drawn edge listing every column.

export type EntityFlowNode = Node<{ entity: EntityNode; active: boolean; match: boolean }, 'entity' | 'collapsed'>;
export type DomainFlowNode = Node<{ domain: DomainKey; label: string; width: number; height: number }, 'domain'>;
export type RelationFlowEdge = Edge<
  { kind: SchemaEdge['kind']; cardinality: string; columns: string[]; via: string | null; active: boolean },
  'relation'
>;

export function toFlowNodes(
  graph: LaidOutSchemaGraph,
  active: string | null,
  matches: Set<string>,
): (EntityFlowNode | DomainFlowNode)[] {
  const label = new Map(graph.domains.map((d) => [d.key, d.label]));
  const boxes: DomainFlowNode[] = graph.boxes.map((b) => ({
    id: `domain:${b.domain}`,
    type: 'domain',
    position: { x: b.x, y: b.y },
    data: { domain: b.domain, label: label.get(b.domain) ?? b.domain, width: b.width, height: b.height },
    width: b.width,
    height: b.height,
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex: -1,
  }));
  const entities: EntityFlowNode[] = graph.nodes.map((entity) => ({
    id: entity.id,
    type: entity.collapsed ? 'collapsed' : 'entity',
    position: graph.positions[entity.id],
    data: { entity, active: entity.id === active, match: matches.has(entity.id) },
    // Fixed sizes let the server render the diagram before React Flow measures anything.
    width: ENTITY_WIDTH,
    height: ENTITY_HEIGHT,
    ariaLabel: entity.collapsed ? `Group ${entity.collapsed.group}` : `Table ${entity.table}`,
    draggable: false,
  }));
  return [...boxes, ...entities];
}

export function toFlowEdges(graph: LaidOutSchemaGraph, active: string | null): RelationFlowEdge[] {
  const merged = new Map<string, RelationFlowEdge>();
  for (const edge of graph.edges) {
    const key = edge.kind === 'fk' ? `${edge.source}->${edge.target}` : edge.id;
    const existing = merged.get(key);
    if (existing?.data) {
      existing.data.columns.push(...edge.columns);
      if (!existing.data.cardinality.split(', ').includes(edge.cardinality))
        existing.data.cardinality += `, ${edge.cardinality}`;
      continue;
    }
    const isActive = active !== null && (edge.source === active || edge.target === active);
    merged.set(key, {
      id: key,
      type: 'relation',
      source: edge.source,
      target: edge.target,
      data: {
        kind: edge.kind,
        cardinality: edge.cardinality,
        columns: [...edge.columns],
        via: edge.via,
        active: isActive,
      },
      zIndex: isActive ? 10 : 0,
    });
  }
  return [...merged.values()];
}
