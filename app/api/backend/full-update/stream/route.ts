// GET /api/backend/full-update/stream — start a full sync and stream its events (SSE, one `complete`)
import { backendRoute } from '@/lib/backend/http';
import { streamFullUpdate } from '@/lib/backend/full-update';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('sync', async ({ req, key, actor }) => streamFullUpdate(actor!, key!, req.signal));
