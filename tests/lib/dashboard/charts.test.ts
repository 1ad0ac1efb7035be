import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from '@/components/dashboard/bar-chart';
import { niceMax } from '@/components/dashboard/chart-scale';
import { EndpointStatus } from '@/components/dashboard/endpoint-status';
import { StorageUsage } from '@/components/dashboard/storage-usage';
import type { EndpointHealth } from '@/lib/dashboard/endpoint-health';

// The charts are server-rendered SVG: these tests read the markup the way a browser and a screen
// reader would (bars, their heights and tooltips, the hidden data table).

const bars = (html: string) =>
  [...html.matchAll(/<rect data-bar="(\w+)"[^>]*?height="([\d.]+)"/g)].map((m) => ({
    series: m[1],
    height: Number(m[2]),
  }));

describe('dashboard charts', () => {
  it('rounds the axis maximum up to 1, 2 or 5 × 10^k', () => {
    expect([0, 0.4, 1, 3, 7, 10, 11, 140, 1999, 2001].map(niceMax)).toEqual([1, 1, 1, 5, 10, 10, 20, 200, 2000, 5000]);
  });

  it('draws one bar per category and series, scaled to the axis, with a data table for screen readers', () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        id: 'g',
        title: 'Guests per node',
        series: [
          { key: 'running', label: 'Running', colour: 'running' },
          { key: 'stopped', label: 'Stopped', colour: 'stopped' },
        ],
        categories: [
          { label: 'n1', values: [30, 10], capacity: 50 },
          { label: 'n2', values: [0, 5], capacity: null },
        ],
        format: (v: number) => String(v),
      }),
    );
    expect(bars(html)).toEqual([
      { series: 'running', height: 90 },
      { series: 'stopped', height: 30 },
      { series: 'running', height: 0 },
      { series: 'stopped', height: 15 },
    ]);
    expect(html).toContain('role="img" aria-label="Guests per node"');
    expect(html.match(/data-capacity/g)).toHaveLength(1);
    expect(html).toContain('<title>n1: 30 running</title>');
    const table = html.slice(html.indexOf('<table class="sr-only">'));
    expect(table).toContain('<tr><th scope="row">n1</th><td>30</td><td>10</td><td>50</td></tr>');
    expect(table).toContain('<tr><th scope="row">n2</th><td>0</td><td>5</td><td>unknown</td></tr>');
  });

  const health = (over: Partial<EndpointHealth>): EndpointHealth => ({
    endpointId: 1,
    name: 'pve',
    state: 'reachable',
    latencyMs: 12,
    version: '8.2.4',
    release: '8.2',
    error: null,
    checkedAt: '2026-01-01T00:00:00.000Z',
    storage: null,
    ...over,
  });

  it('shows used/total per pool with its percentage, and unknown pools only in the table', async () => {
    const storage = [
      {
        storage: 'local',
        type: 'dir',
        shared: false,
        used: 3 * 2 ** 30,
        total: 4 * 2 ** 30,
        nodesReporting: 2,
        nodesUnknown: 0,
      },
      { storage: 'pbs', type: 'pbs', shared: true, used: 0, total: 0, nodesReporting: 0, nodesUnknown: 3 },
    ];
    const html = renderToStaticMarkup(await StorageUsage({ health: Promise.resolve([health({ storage })]) }));
    expect(html.match(/data-bar="used"/g)).toHaveLength(1);
    expect(html).toContain('75 % · 3 GiB / 4 GiB');
    expect(html).toContain(
      '<tr><th scope="row">pbs</th><td>pbs, shared</td><td>unknown</td><td>unknown</td><td>unknown</td></tr>',
    );
  });

  it('renders the live status with latency and version, or the error and its suggestion', async () => {
    const ok = renderToStaticMarkup(await EndpointStatus({ health: Promise.resolve([health({})]), endpointId: 1 }));
    expect(ok).toMatch(/Reachable<\/span><span[^>]*>12 ms<\/span><span>PVE 8\.2\.4<\/span>/);
    const denied = health({
      state: 'auth_error',
      latencyMs: null,
      version: null,
      error: {
        category: 'authentication',
        message: 'GET /version: 401 token rejected',
        suggestion: 'Check the token.',
      },
    });
    const bad = renderToStaticMarkup(await EndpointStatus({ health: Promise.resolve([denied]), endpointId: 1 }));
    expect(bad).toContain('Authentication failed');
    expect(bad).toContain('GET /version: 401 token rejected');
    expect(bad).toContain('Check the token.');
    expect(bad).not.toContain(' ms<');
  });
});

describe('backup overview', () => {
  it('calls out guests without a recent backup with links, and draws a bar per day', async () => {
    const { BackupOverview } = await import('@/components/dashboard/backup-overview');
    const days = Array.from({ length: 30 }, (_, i) => ({
      day: `2026-01-${String(i + 1).padStart(2, '0')}`,
      count: i % 3,
    }));
    const unprotected = {
      count: 7,
      since: '2026-01-23T00:00:00.000Z',
      first: [
        { id: 4, name: 'db-01' },
        { id: 9, name: 'web-02' },
      ],
    };
    const html = renderToStaticMarkup(createElement(BackupOverview, { days, unprotected, recentDays: 7 }));
    expect(html.match(/data-bar="backups"/g)).toHaveLength(30);
    expect(html).toContain('<a class="link" href="/virtual-machines/4">db-01</a>');
    expect(html).toContain('<a class="link" href="/virtual-machines/9">web-02</a>');
    expect(html).toContain(', and 5 more');
    expect(html).toContain('(30 in all)');
    const none = renderToStaticMarkup(
      createElement(BackupOverview, {
        days,
        unprotected: { count: 0, since: unprotected.since, first: [] },
        recentDays: 7,
      }),
    );
    expect(none).toContain('Every synced guest has a backup from the last 7 days.');
  });
});
