// GET /api/backend/meta — name and version of the backend (no authentication)
import { backendRoute } from '@/lib/backend/http';
import { metaBody } from '@/lib/backend/meta';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('none', async () => ({ status: 200, body: metaBody() }));
