// GET /api/backend — what this backend is (no authentication; `/` under `npm run backend`)
import { backendRoute } from '@/lib/backend/http';
import { rootBody } from '@/lib/backend/meta';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('none', async () => ({ status: 200, body: rootBody() }));
