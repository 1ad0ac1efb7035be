// GET /api/backend/cache/metrics — cache sizes per kind
import { backendRoute } from '@/lib/backend/http';
import { cacheMetricsBody } from '@/lib/backend/cache';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async () => ({ status: 200, body: await cacheMetricsBody() }));
