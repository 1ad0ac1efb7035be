import { describe, expect, it } from 'vitest';
import { collapseGroups } from '@/lib/explorer/collapse-groups';
import { ENTITY_HEIGHT, ENTITY_WIDTH } from '@/lib/explorer/entity-size';
import { gridLayout } from '@/lib/explorer/grid-layout';
import { getSchemaDiagram } from '@/lib/explorer/schema-diagram';

describe('model view grid layout', () => {
  const full = getSchemaDiagram();

  for (const [name, expanded] of [
    ['collapsed', new Set<string>()],
    ['expanded', new Set(full.nodes.map((n) => n.group ?? ''))],
  ] as const) {
    it(`places every table once, inside its domain box, without overlaps (${name})`, () => {
      const laid = gridLayout(collapseGroups(full, expanded));
      const rects = laid.nodes.map((n) => ({ id: n.id, domain: n.domain, ...laid.positions[n.id] }));
      expect(rects.every((r) => Number.isFinite(r.x) && Number.isFinite(r.y))).toBe(true);
      for (const [i, a] of rects.entries()) {
        const box = laid.boxes.find((b) => b.domain === a.domain)!;
        expect(
          a.x >= box.x &&
            a.y >= box.y &&
            a.x + ENTITY_WIDTH <= box.x + box.width &&
            a.y + ENTITY_HEIGHT <= box.y + box.height,
        ).toBe(true);
        for (const b of rects.slice(i + 1)) {
          const overlap =
            a.x < b.x + ENTITY_WIDTH &&
            b.x < a.x + ENTITY_WIDTH &&
            a.y < b.y + ENTITY_HEIGHT &&
            b.y < a.y + ENTITY_HEIGHT;
          expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
        }
      }
    });
  }

  it('puts the plugin domains in the first row, narrow enough for a legible first view', () => {
    const laid = gridLayout(collapseGroups(full, new Set()));
    const firstRow = laid.boxes.filter((b) => b.y === 0).map((b) => b.domain);
    expect(firstRow).toEqual(['endpoints', 'infrastructure', 'vm-data', 'operational', 'backend']);
    const right = Math.max(...laid.boxes.filter((b) => b.y === 0).map((b) => b.x + b.width));
    // At zoom 0.95 this fits the ~1,170 px wide canvas of a 1440-pixel-wide window.
    expect(right).toBeLessThanOrEqual(1200);
  });
});
