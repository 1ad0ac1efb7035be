// GET|DELETE /api/backend/auth/lockouts — list the addresses with failed authentications / clear them all
import { backendRoute } from '@/lib/backend/http';
import { clearAllLockouts } from '@/lib/auth/lockout';
import { listLockoutsBody } from '@/lib/backend/lockouts';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('admin', async ({ actor }) => ({ status: 200, body: listLockoutsBody(actor!) }));

export const DELETE = backendRoute('admin', async ({ actor }) => ({
  status: 200,
  body: { cleared: clearAllLockouts(actor!) },
}));
