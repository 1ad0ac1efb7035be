// GET /api/backend/health — liveness probe (no authentication)
import { backendRoute } from '@/lib/backend/http';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('none', async () => ({ status: 200, body: { status: 'ready' } }));
