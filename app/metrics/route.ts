// GET /metrics — Prometheus text format for any API key (see docs/metrics.md).
import { getDb } from '@/db/client';
import { metricsAccess } from '@/lib/metrics/auth';
import { collectDatabaseMetrics } from '@/lib/metrics/collect';
import { CONTENT_TYPE, renderFamilies } from '@/lib/metrics/exposition';
import { processMetrics } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  const access = await metricsAccess(req.headers);
  if (!access.ok)
    return new Response(`${access.message}\n`, {
      status: access.status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...access.headers },
    });
  const m = processMetrics();
  const families = [
    ...(await collectDatabaseMetrics(await getDb())),
    m.proxmoxRequests.family(),
    m.proxmoxErrors.family(),
    m.apiRequestDuration.family(),
  ];
  return new Response(renderFamilies(families), {
    status: 200,
    headers: { 'Content-Type': CONTENT_TYPE, 'Cache-Control': 'no-store' },
  });
}
