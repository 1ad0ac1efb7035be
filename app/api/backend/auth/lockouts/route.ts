// GET|DELETE /api/backend/auth/lockouts — list the addresses with failed authentications / clear them all
import { backendRoute } from '@/lib/backend/http';
import { clearAllLockouts, listLockoutsBody } from '@/lib/backend/lockouts';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('admin', async () => ({ status: 200, body: listLockoutsBody() }));

export const DELETE = backendRoute('admin', async () => ({ status: 200, body: { cleared: clearAllLockouts() } }));
