// DELETE /api/backend/auth/lockouts/{ip} — clear one address's failed attempts (the IP URL-encoded)
import { backendRoute } from '@/lib/backend/http';
import { clearLockout } from '@/lib/backend/lockouts';

export const DELETE = backendRoute('admin', async ({ params }) => {
  clearLockout(params.ip ?? '');
  return { status: 204 };
});
