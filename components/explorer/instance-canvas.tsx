'use client';

import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type NodeTypes,
} from '@xyflow/react';
import type { ExplorerNodeDetails } from '@/lib/explorer/types';
import { fetchPage, fetchRelations } from './explorer-api';
import {
  layoutInstance,
  NODE_WIDTH,
  nodeHeight,
  startGraph,
  withoutRelation,
  withPage,
  withRelations,
  type InstanceGraph,
} from './instance-graph';
import { ObjectActionsContext, ObjectNodeView, type ObjectActions, type ObjectFlowNode } from './object-node';
import { useColorMode } from './use-color-mode';

const nodeTypes: NodeTypes = { object: ObjectNodeView };
/** After an expansion the view fits the expanded object and this many of its new neighbours. */
const FOCUS_NEIGHBOURS = 6;

/** The instance view: start from one object and expand its relations step by step. */
/** The graph as React Flow nodes; sizes are fixed (rows have fixed heights) so dagre and the server agree. */
function toFlowNodes(
  graph: InstanceGraph,
  busy: Record<string, string>,
  errors: Record<string, string>,
  findText: string,
): ObjectFlowNode[] {
  const positions = layoutInstance(graph);
  return Object.values(graph.objects).map((item) => ({
    id: item.key,
    type: 'object',
    position: positions[item.key],
    width: NODE_WIDTH,
    height: nodeHeight(item),
    ariaLabel: `${item.object.modelLabel}: ${item.object.display}`,
    draggable: false,
    // React Flow gives a node `pointer-events: none` unless it is selectable, draggable or has a
    // click handler; these cards are none of those but hold buttons and links, which must get
    // the pointer instead of the pane behind them.
    style: { pointerEvents: 'all' },
    data: {
      item,
      busy: busy[item.key] ?? null,
      error: errors[item.key] ?? null,
      highlighted: findText !== '' && item.object.display.toLowerCase().includes(findText),
    },
  }));
}

export function InstanceCanvas({ start }: { start: ExplorerNodeDetails }) {
  return (
    <ReactFlowProvider initialNodes={toFlowNodes(startGraph(start), {}, {}, '')}>
      <InstanceCanvasInner start={start} />
    </ReactFlowProvider>
  );
}

function InstanceCanvasInner({ start }: { start: ExplorerNodeDetails }) {
  const flow = useReactFlow();
  const colorMode = useColorMode();
  const [graph, setGraph] = useState<InstanceGraph>(() => startGraph(start));
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [focus, setFocus] = useState<string[] | null>(null);
  const [find, setFind] = useState('');
  const [missed, setMissed] = useState(false);

  const run = useCallback(async (key: string, what: string, work: () => Promise<void>) => {
    setBusy((b) => ({ ...b, [key]: what }));
    setErrors(({ [key]: _old, ...rest }) => rest);
    try {
      await work();
    } catch (err) {
      setErrors((e) => ({ ...e, [key]: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(({ [key]: _done, ...rest }) => rest);
    }
  }, []);

  const actions = useMemo<ObjectActions>(() => {
    const objectOf = (key: string) => graph.objects[key]?.object;
    const loadPage = (key: string, relation: string, offset: number) =>
      run(key, relation, async () => {
        const o = objectOf(key);
        if (!o) return;
        const page = await fetchPage(o, relation, offset);
        setGraph((g) => withPage(g, page));
        setFocus([key, ...page.items.slice(0, FOCUS_NEIGHBOURS).map((i) => `${i.model}:${i.id}`)]);
      });
    return {
      loadRelations: (key) =>
        run(key, 'relations', async () => {
          const o = objectOf(key);
          if (!o) return;
          const details = await fetchRelations(o);
          setGraph((g) => withRelations(g, details));
          setFocus([key]);
        }),
      toggle: (key, relation) => {
        if (graph.objects[key]?.expanded[relation]) setGraph((g) => withoutRelation(g, key, relation));
        else void loadPage(key, relation, 0);
      },
      more: (key, relation) => void loadPage(key, relation, graph.objects[key]?.expanded[relation]?.nextOffset ?? 0),
    };
  }, [graph, run]);

  const findText = find.trim().toLowerCase();
  const nodes = useMemo(() => toFlowNodes(graph, busy, errors, findText), [graph, busy, errors, findText]);
  const edges: Edge[] = useMemo(() => {
    // A relation's edges share their first bend, so repeating its name on each of fifty edges
    // stacks the labels into an unreadable column; the first edge names it once.
    const labelled = new Set<string>();
    return graph.links.map((l) => {
      const group = `${l.from}|${l.relation}`;
      const first = !labelled.has(group);
      labelled.add(group);
      return { id: l.id, source: l.from, target: l.to, label: first ? l.label : undefined, type: 'smoothstep' };
    });
  }, [graph]);

  // Fit the view once React Flow has measured the new nodes (the next frames).
  useEffect(() => {
    if (!focus) return;
    const timer = setTimeout(
      () => void flow.fitView({ nodes: focus.map((id) => ({ id })), duration: 300, maxZoom: 1, padding: 0.2 }),
      60,
    );
    return () => clearTimeout(timer);
  }, [focus, flow]);

  const onFind = (event: FormEvent) => {
    event.preventDefault();
    const hits = new Set(nodes.filter((n) => n.data.highlighted).map((n) => n.id));
    setMissed(hits.size === 0);
    if (hits.size === 0) return;
    // Each hit with the object it was reached from, so the view shows where it sits in the walk.
    const via = graph.links.filter((l) => hits.has(l.to)).map((l) => l.from);
    setFocus([...new Set([...hits, ...via])]);
  };
  const count = Object.keys(graph.objects).length;

  return (
    <ObjectActionsContext.Provider value={actions}>
      <form
        role="search"
        aria-label="Find in the graph"
        onSubmit={onFind}
        className="mb-2 flex flex-wrap items-center gap-2"
      >
        <label htmlFor="explorer-find" className="label">
          Find in the graph
        </label>
        <input
          id="explorer-find"
          type="search"
          className="input w-64"
          placeholder="Name of a shown object"
          value={find}
          onChange={(e) => {
            setFind(e.target.value);
            setMissed(false);
          }}
          autoComplete="off"
        />
        <button type="submit" className="btn">
          Show
        </button>
        <span className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
          {count} {count === 1 ? 'object' : 'objects'} shown
        </span>
        {missed && (
          <span role="status" className="text-xs text-amber-700 dark:text-amber-400">
            No shown object matches “{find.trim()}”; expand its relations first.
          </span>
        )}
      </form>
      <div className="card h-[72vh] min-h-[480px] overflow-hidden" role="region" aria-label="Relationship graph">
        <ReactFlow<ObjectFlowNode, Edge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          colorMode={colorMode}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          minZoom={0.05}
          maxZoom={2}
          fitView
          fitViewOptions={{ maxZoom: 1 }}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </ObjectActionsContext.Provider>
  );
}
