import { ENTITY_HEIGHT, ENTITY_WIDTH } from './entity-size';
import type { DomainKey, LaidOutSchemaGraph, Position, SchemaGraph } from './types';

// The model view's layout: one box per domain, its tables stacked in columns of at most
// MAX_ROWS, boxes side by side in rows no wider than ROW_WIDTH. Unlike a force or rank layout it
// is compact and the same every time, so the plugin's tables (the first row) fit a laptop
// screen at a legible zoom; the NetBox core and the backend store sit in the row below.

const PADDING = 12;
const TITLE = 22;
const ROW_GAP = 12;
const COLUMN_GAP = 16;
const BOX_GAP = 20;
const MAX_ROWS = 8;
const ROW_WIDTH = 1250;

/** Domains in reading order: the plugin's models first, then what they link to. */
const ORDER: DomainKey[] = ['endpoints', 'infrastructure', 'vm-data', 'operational', 'backend', 'netbox-core'];

export function gridLayout(graph: SchemaGraph): LaidOutSchemaGraph {
  const positions: Record<string, Position> = {};
  const boxes: LaidOutSchemaGraph['boxes'] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  const domains = [...graph.domains].sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  for (const domain of domains) {
    const nodes = graph.nodes.filter((n) => n.domain === domain.key);
    if (nodes.length === 0) continue;
    // Collapsed groups and tables of one NetBox app stay together, in name order within it.
    nodes.sort(
      (a, b) =>
        (a.group ?? '').localeCompare(b.group ?? '') ||
        Number(Boolean(b.collapsed)) - Number(Boolean(a.collapsed)) ||
        a.table.localeCompare(b.table),
    );
    const columns = Math.ceil(nodes.length / MAX_ROWS);
    const rows = Math.ceil(nodes.length / columns);
    const boxWidth = PADDING * 2 + columns * ENTITY_WIDTH + (columns - 1) * COLUMN_GAP;
    const boxHeight = PADDING * 2 + TITLE + rows * ENTITY_HEIGHT + (rows - 1) * ROW_GAP;
    if (x > 0 && x + boxWidth > ROW_WIDTH) {
      x = 0;
      y += rowHeight + BOX_GAP;
      rowHeight = 0;
    }
    boxes.push({ domain: domain.key, x, y, width: boxWidth, height: boxHeight });
    nodes.forEach((node, i) => {
      const column = Math.floor(i / rows);
      const row = i % rows;
      positions[node.id] = {
        x: x + PADDING + column * (ENTITY_WIDTH + COLUMN_GAP),
        y: y + PADDING + TITLE + row * (ENTITY_HEIGHT + ROW_GAP),
      };
    });
    x += boxWidth + BOX_GAP;
    width = Math.max(width, x - BOX_GAP);
    rowHeight = Math.max(rowHeight, boxHeight);
  }
  return { ...graph, positions, boxes, size: { width, height: y + rowHeight } };
}
