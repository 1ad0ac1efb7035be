// GET /api/backend/version — the backend's version (no authentication)
import { backendRoute } from '@/lib/backend/http';
import { backendVersion } from '@/lib/backend/version';

export const GET = backendRoute('none', async () => ({ status: 200, body: { version: backendVersion() } }));
