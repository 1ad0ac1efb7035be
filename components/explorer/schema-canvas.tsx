'use client';

import '@xyflow/react/dist/style.css';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import type { LaidOutSchemaGraph } from '@/lib/explorer/types';
import { DOMAIN_STYLE } from './domain-style';
import { FieldPanel } from './field-panel';
import { RelationEdgeView } from './relation-edge';
import { toFlowEdges, toFlowNodes, type DomainFlowNode, type EntityFlowNode, type RelationFlowEdge } from './schema-flow';
import { DomainNodeView, EntityNodeView } from './schema-nodes';
import { useColorMode } from './use-color-mode';

const nodeTypes: NodeTypes = { entity: EntityNodeView, domain: DomainNodeView };
const edgeTypes: EdgeTypes = { relation: RelationEdgeView };
const MAX_SUGGESTIONS = 8;

type SchemaFlowNode = EntityFlowNode | DomainFlowNode;

/** The model view: the ER diagram with search, a domain legend and a field panel. */
export function SchemaCanvas({ graph }: { graph: LaidOutSchemaGraph }) {
  // Initial nodes in the provider's store let the server render the tables (they have fixed sizes).
  return (
    <ReactFlowProvider initialNodes={toFlowNodes(graph, null, new Set())} initialEdges={toFlowEdges(graph, null)}>
      <SchemaCanvasInner graph={graph} />
    </ReactFlowProvider>
  );
}

function SchemaCanvasInner({ graph }: { graph: LaidOutSchemaGraph }) {
  const router = useRouter();
  const flow = useReactFlow();
  const colorMode = useColorMode();
  const [query, setQuery] = useState('');
  const [hovered, setHovered] = useState<string | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return graph.nodes.filter((n) => n.table.includes(q) || n.label.toLowerCase().includes(q) || n.modelKey?.includes(q));
  }, [graph, query]);
  const active = hovered ?? pinned;
  const nodes = useMemo(() => toFlowNodes(graph, active, new Set(matches.map((m) => m.id))), [graph, active, matches]);
  const edges = useMemo(() => toFlowEdges(graph, active), [graph, active]);
  const activeEntity = graph.nodes.find((n) => n.id === active) ?? null;
  const domainLabel = (key: string) => graph.domains.find((d) => d.key === key)?.label ?? key;

  const focus = (id: string) => {
    setPinned(id);
    void flow.fitView({ nodes: [{ id }], duration: 400, maxZoom: 1.3, padding: 0.6 });
  };
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const exact = matches.find((m) => m.table === query.trim().toLowerCase());
    const target = exact ?? matches[0];
    if (target) focus(target.id);
  };

  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="card relative h-[72vh] min-h-[480px] overflow-hidden" aria-label="Entity-relationship diagram" role="region">
        <ReactFlow<SchemaFlowNode, RelationFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          colorMode={colorMode}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          minZoom={0.1}
          maxZoom={2}
          fitView
          proOptions={{ hideAttribution: true }}
          onNodeMouseEnter={(_, node) => node.type === 'entity' && setHovered(node.id)}
          onNodeMouseLeave={() => setHovered(null)}
          onNodeClick={(event, node) => {
            if (node.type !== 'entity' || (event.target as HTMLElement).closest('a')) return;
            const entity = graph.nodes.find((n) => n.id === node.id);
            if (entity?.href) router.push(entity.href);
            else setPinned(node.id);
          }}
          onPaneClick={() => setPinned(null)}
        >
          <Background />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable ariaLabel="Overview of the diagram" nodeColor={(n) => (n.type === 'domain' ? 'rgba(113, 113, 122, 0.15)' : '#71717a')} />
        </ReactFlow>
      </div>
      <div className="flex min-h-0 flex-col gap-3 lg:h-[72vh]">
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
            {query.trim() ? `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}` : `${graph.nodes.length} tables, ${graph.edges.length} relationships`}
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
                  onClick={() => void flow.fitView({ nodes: graph.nodes.filter((n) => n.domain === d.key).map((n) => ({ id: n.id })), duration: 400 })}
                >
                  <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${DOMAIN_STYLE[d.key].swatch}`} />
                  {d.label} ({graph.nodes.filter((n) => n.domain === d.key).length})
                </button>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Dashed edges: N:M through a join table.</p>
        </section>
        {activeEntity ? (
          <FieldPanel entity={activeEntity} edges={graph.edges} domainLabel={domainLabel(activeEntity.domain)} />
        ) : (
          <p className="card p-3 text-xs text-zinc-500 dark:text-zinc-400">Hover or find a table to see its fields.</p>
        )}
      </div>
    </div>
  );
}
