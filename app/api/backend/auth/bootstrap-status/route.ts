// GET /api/backend/auth/bootstrap-status — whether the first key was registered (no authentication)
import { backendRoute } from '@/lib/backend/http';
import { bootstrapStatusBody } from '@/lib/backend/keys';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('none', async () => ({ status: 200, body: bootstrapStatusBody() }));
