// GET /api/backend/cache — what the backend caches (NetBox versions, verified keys)
import { backendRoute } from '@/lib/backend/http';
import { cacheBody } from '@/lib/backend/cache';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async () => ({ status: 200, body: await cacheBody() }));
