// GET /api/backend/cache/metrics/prometheus — cache sizes in Prometheus' text format
import { backendRoute } from '@/lib/backend/http';
import { cachePrometheusText } from '@/lib/backend/cache';

export const dynamic = 'force-dynamic';

export const GET = backendRoute(
  'read',
  async () =>
    new Response(await cachePrometheusText(), {
      headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
    }),
);
