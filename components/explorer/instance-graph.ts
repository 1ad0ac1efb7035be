import dagre from '@dagrejs/dagre';
import type { ExpansionPage, ExplorerNodeDetails, ExplorerObject, RelationSummary } from '@/lib/explorer/types';

// The instance view's state as plain data, and the pure steps that change it: add an object's
// relations, add a page of neighbours, collapse a relation (dropping what is no longer reachable
// from the starting object), and lay the whole graph out left to right.

export interface Expansion {
  loaded: number;
  total: number;
  nextOffset: number | null;
  listHref: string | null;
}

export interface GraphObject {
  key: string;
  object: ExplorerObject;
  relations: RelationSummary[] | null;
  expanded: Record<string, Expansion>;
}

export interface GraphLink {
  id: string;
  from: string;
  to: string;
  relation: string;
  label: string;
}

export interface InstanceGraph {
  root: string;
  objects: Record<string, GraphObject>;
  links: GraphLink[];
}

export const NODE_WIDTH = 330;
export const HEADER_HEIGHT = 48;
export const ROW_HEIGHT = 28;

export const objectKey = (o: Pick<ExplorerObject, 'model' | 'id'>) => `${o.model}:${o.id}`;

export function startGraph(start: ExplorerNodeDetails): InstanceGraph {
  const key = objectKey(start.object);
  return {
    root: key,
    objects: { [key]: { key, object: start.object, relations: start.relations, expanded: {} } },
    links: [],
  };
}

export function withRelations(graph: InstanceGraph, details: ExplorerNodeDetails): InstanceGraph {
  const key = objectKey(details.object);
  const current = graph.objects[key];
  if (!current) return graph;
  return {
    ...graph,
    objects: { ...graph.objects, [key]: { ...current, object: details.object, relations: details.relations } },
  };
}

/** Adds a page of neighbours (appending to what the relation already shows). */
export function withPage(graph: InstanceGraph, page: ExpansionPage): InstanceGraph {
  const from = objectKey(page.object);
  const owner = graph.objects[from];
  if (!owner) return graph;
  const objects = { ...graph.objects };
  const links = [...graph.links];
  for (const item of page.items) {
    const to = objectKey(item);
    objects[to] ??= { key: to, object: item, relations: null, expanded: {} };
    const id = `${from}|${page.relation.key}|${to}`;
    if (!links.some((l) => l.id === id))
      links.push({ id, from, to, relation: page.relation.key, label: page.relation.label });
  }
  const loaded = page.offset + page.items.length;
  objects[from] = {
    ...owner,
    // The expansion counted the relation exactly; the overview's count may have been capped.
    relations: owner.relations?.map((r) => (r.key === page.relation.key ? page.relation : r)) ?? null,
    expanded: {
      ...owner.expanded,
      [page.relation.key]: {
        loaded,
        total: page.relation.count,
        nextOffset: page.nextOffset,
        listHref: page.relation.listHref,
      },
    },
  };
  return { ...graph, objects, links };
}

/** Hides a relation's neighbours, and whatever the user only reached through them. */
export function withoutRelation(graph: InstanceGraph, key: string, relation: string): InstanceGraph {
  const owner = graph.objects[key];
  if (!owner) return graph;
  const links = graph.links.filter((l) => !(l.from === key && l.relation === relation));
  const { [relation]: _dropped, ...expanded } = owner.expanded;
  // Reachable along expansions (from → to): what the user opened from what is still shown.
  const reachable = new Set([graph.root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const l of links) {
      if (reachable.has(l.from) && !reachable.has(l.to)) {
        reachable.add(l.to);
        grew = true;
      }
    }
  }
  const objects: Record<string, GraphObject> = {};
  for (const [k, o] of Object.entries(graph.objects))
    if (reachable.has(k)) objects[k] = k === key ? { ...o, expanded } : o;
  return { ...graph, objects, links: links.filter((l) => reachable.has(l.from) && reachable.has(l.to)) };
}

/** Rows an object's card shows: one per non-empty relation, or one "show relations" row. */
export function rowCount(o: GraphObject): number {
  if (!o.relations) return 1;
  return Math.max(1, o.relations.filter((r) => r.count > 0).length);
}

export const nodeHeight = (o: GraphObject) => HEADER_HEIGHT + rowCount(o) * ROW_HEIGHT + 8;

/** Top-left positions of every object, laid out left to right along the expansions. */
export function layoutInstance(graph: InstanceGraph): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 90, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const o of Object.values(graph.objects)) g.setNode(o.key, { width: NODE_WIDTH, height: nodeHeight(o) });
  for (const l of graph.links) g.setEdge(l.from, l.to, {}, l.id);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const o of Object.values(graph.objects)) {
    const n = g.node(o.key) as { x: number; y: number };
    out[o.key] = { x: Math.round(n.x - NODE_WIDTH / 2), y: Math.round(n.y - nodeHeight(o) / 2) };
  }
  return out;
}
