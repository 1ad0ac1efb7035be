'use client';

import '@xyflow/react/dist/style.css';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import { collapseGroups } from '@/lib/explorer/collapse-groups';
import { gridLayout } from '@/lib/explorer/grid-layout';
import type { LaidOutSchemaGraph, SchemaGraph } from '@/lib/explorer/types';
import { DOMAIN_STYLE } from './domain-style';
import { FieldPanel } from './field-panel';
import { RelationEdgeView } from './relation-edge';
import {
  toFlowEdges,
  toFlowNodes,
  type DomainFlowNode,
  type EntityFlowNode,
  type RelationFlowEdge,
} from './schema-flow';
import { DomainNodeView, EntityNodeView, GroupNodeView } from './schema-nodes';
import { useColorMode } from './use-color-mode';

// `collapsed`, not `group`: React Flow styles its own `group` node type.
const nodeTypes: NodeTypes = { entity: EntityNodeView, collapsed: GroupNodeView, domain: DomainNodeView };
/**
 * The first view's zoom floor: tables' names are 13 px and their second line 12 px, so at 0.95
 * nothing on the canvas renders below 11 px. What does not fit is a pan (or "Fit all") away.
 */
const LEGIBLE_ZOOM = 0.95;
const NO_GROUPS: ReadonlySet<string> = new Set();
/** The seed plugin's own models: what the first view is fitted to. */
const PLUGIN_DOMAINS: ReadonlySet<string> = new Set([
  'endpoints',
  'infrastructure',
  'vm-data',
  'operational',
  'backend',
]);

/** The part of the schema on screen: NetBox apps not in `expanded` collapsed, then laid out. */
function viewOf(graph: SchemaGraph, expanded: ReadonlySet<string>): LaidOutSchemaGraph {
  return gridLayout(collapseGroups(graph, expanded));
}
const edgeTypes: EdgeTypes = { relation: RelationEdgeView };
const MAX_SUGGESTIONS = 8;

type SchemaFlowNode = EntityFlowNode | DomainFlowNode;

/** The model view: the ER diagram with search, a domain legend and a field panel. */
export function SchemaCanvas({ graph: full }: { graph: SchemaGraph }) {
  // Initial nodes in the provider's store let the server render the tables (they have fixed sizes).
  const initial = useMemo(() => viewOf(full, NO_GROUPS), [full]);
  return (
    <ReactFlowProvider initialNodes={toFlowNodes(initial, null, new Set())} initialEdges={toFlowEdges(initial, null)}>
      <SchemaCanvasInner full={full} />
    </ReactFlowProvider>
  );
}

function SchemaCanvasInner({ full }: { full: SchemaGraph }) {
  const router = useRouter();
  const flow = useReactFlow();
  const colorMode = useColorMode();
  const [query, setQuery] = useState('');
  const [hovered, setHovered] = useState<string | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(NO_GROUPS);
  const graph = useMemo(() => viewOf(full, expanded), [full, expanded]);
  const groups = useMemo(
    () => [...new Set(full.nodes.map((n) => n.group).filter((g): g is string => g !== null))],
    [full],
  );
  const expand = (next: ReadonlySet<string>) => {
    setExpanded(next);
    setPinned(null);
  };
  // The first view's fit, created once: React Flow copies a changed fitViewOptions prop into its
  // store on every render, which would overwrite the options of a later fitView() call.
  const [firstView] = useState(() => ({
    nodes: graph.nodes.filter((n) => PLUGIN_DOMAINS.has(n.domain)).map((n) => ({ id: n.id })),
    minZoom: LEGIBLE_ZOOM,
    maxZoom: 1.1,
    padding: 0.02,
  }));
  const fitAll = () => void flow.fitView({ padding: 0.05, minZoom: 0.05 });

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return full.nodes.filter(
      (n) => n.table.includes(q) || n.label.toLowerCase().includes(q) || n.modelKey?.includes(q),
    );
  }, [full, query]);
  const active = hovered ?? pinned;
  const nodes = useMemo(() => toFlowNodes(graph, active, new Set(matches.map((m) => m.id))), [graph, active, matches]);
  const edges = useMemo(() => toFlowEdges(graph, active), [graph, active]);
  const activeEntity = graph.nodes.find((n) => n.id === active && !n.collapsed) ?? null;
  const domainLabel = (key: string) => graph.domains.find((d) => d.key === key)?.label ?? key;

  const focus = (id: string) => {
    const group = full.nodes.find((n) => n.id === id)?.group;
    if (group && !expanded.has(group)) setExpanded(new Set([...expanded, group]));
    setPinned(id);
    // After a group opens, the node exists only on the next render.
    setTimeout(() => void flow.fitView({ nodes: [{ id }], duration: 400, maxZoom: 1.3, padding: 0.6 }), 50);
  };
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const exact = matches.find((m) => m.table === query.trim().toLowerCase());
    const target = exact ?? matches[0];
    if (target) focus(target.id);
  };

  return (
    <div className="space-y-3">
      <div
        className="card relative h-[calc(100vh-12rem)] min-h-[480px] overflow-hidden"
        aria-label="Entity-relationship diagram"
        role="region"
      >
        <ReactFlow<SchemaFlowNode, RelationFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          colorMode={colorMode}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          minZoom={0.05}
          maxZoom={2}
          fitView
          // The first view: the plugin's and the backend's tables, never below a legible zoom.
          fitViewOptions={firstView}
          proOptions={{ hideAttribution: true }}
          onNodeMouseEnter={(_, node) => node.type !== 'domain' && setHovered(node.id)}
          onNodeMouseLeave={() => setHovered(null)}
          onNodeClick={(event, node) => {
            if (node.type === 'collapsed') {
              const group = graph.nodes.find((n) => n.id === node.id)?.collapsed?.group;
              if (group) expand(new Set([...expanded, group]));
              return;
            }
            if (node.type !== 'entity' || (event.target as HTMLElement).closest('a')) return;
            const entity = graph.nodes.find((n) => n.id === node.id);
            if (entity?.href) router.push(entity.href);
            else setPinned(node.id);
          }}
          onPaneClick={() => setPinned(null)}
        >
          <Background />
          <Controls showInteractive={false} showFitView={false} position="top-right" />
        </ReactFlow>
        <div className="absolute left-2 top-2 z-10 flex flex-wrap gap-1">
          <button type="button" className="btn bg-white/90 dark:bg-zinc-900/90" onClick={fitAll}>
            Fit all
          </button>
          {expanded.size < groups.length ? (
            <button
              type="button"
              className="btn bg-white/90 dark:bg-zinc-900/90"
              onClick={() => expand(new Set(groups))}
            >
              Expand NetBox groups
            </button>
          ) : (
            <button type="button" className="btn bg-white/90 dark:bg-zinc-900/90" onClick={() => expand(NO_GROUPS)}>
              Collapse NetBox groups
            </button>
          )}
        </div>
      </div>
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
        <form role="search" aria-label="Find a table" onSubmit={onSearch} className="card space-y-2 p-3">
          <label htmlFor="explorer-search" className="label">
            Find a table
          </label>
          <input
            id="explorer-search"
            type="search"
            className="input"
            placeholder="e.g. proxmox_nodes or Backup"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
          <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
            {query.trim()
              ? `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}`
              : `${full.nodes.length} tables, ${full.edges.length} relationships`}
          </p>
          {matches.length > 0 && (
            <ul className="flex flex-wrap gap-1" aria-label="Matching tables">
              {matches.slice(0, MAX_SUGGESTIONS).map((m) => (
                <li key={m.id}>
                  <button type="button" className="btn px-1.5 py-0.5 font-mono text-xs" onClick={() => focus(m.id)}>
                    {m.table}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </form>
        {/* The overview sits below the canvas, not on it, so it hides no table. */}
        <div
          className={`react-flow card relative h-40 overflow-hidden ${colorMode === 'dark' ? 'dark' : ''}`}
          aria-label="Overview of the diagram"
          role="region"
        >
          <MiniMap
            pannable
            zoomable
            ariaLabel="Overview of the diagram"
            position="top-left"
            style={{ margin: 0 }}
            nodeColor={(n) => (n.type === 'domain' ? 'rgba(113, 113, 122, 0.15)' : '#71717a')}
          />
        </div>
        <section className="card p-3" aria-labelledby="explorer-legend">
          <h2 id="explorer-legend" className="label mb-1">
            Domains
          </h2>
          <ul className="grid grid-cols-2 gap-1 text-xs">
            {graph.domains.map((d) => (
              <li key={d.key}>
                <button
                  type="button"
                  className="flex items-center gap-1.5 hover:underline"
                  onClick={() =>
                    void flow.fitView({
                      nodes: graph.nodes.filter((n) => n.domain === d.key).map((n) => ({ id: n.id })),
                      duration: 400,
                      minZoom: 0.05,
                    })
                  }
                >
                  <span
                    aria-hidden="true"
                    className={`inline-block h-3 w-3 rounded-sm ${DOMAIN_STYLE[d.key].swatch}`}
                  />
                  {d.label} ({full.nodes.filter((n) => n.domain === d.key).length})
                </button>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Dashed edges: N:M through a join table.</p>
        </section>
        {activeEntity ? (
          <FieldPanel entity={activeEntity} edges={full.edges} domainLabel={domainLabel(activeEntity.domain)} />
        ) : (
          <p className="card p-3 text-xs text-zinc-500 dark:text-zinc-400">Hover or find a table to see its fields.</p>
        )}
      </div>
    </div>
  );
}
