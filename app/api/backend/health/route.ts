// GET /api/backend/health — liveness probe (no authentication); `init_ok` reports the backend store
import { backendRoute } from '@/lib/backend/http';
import { healthReply } from '@/lib/backend/meta';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('none', async () => healthReply());
