// GET|POST /api/backend/clear-cache — empties the backend caches (proxbox-api's route is a GET)
import { backendRoute } from '@/lib/backend/http';
import { clearCaches } from '@/lib/backend/cache';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('admin', async () => ({ status: 200, body: await clearCaches() }));
export const POST = GET;
