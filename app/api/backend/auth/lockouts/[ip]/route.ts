// DELETE /api/backend/auth/lockouts/{ip} — clear one address's failed attempts (the IP or IPv6 /64 URL-encoded)
import { backendRoute } from '@/lib/backend/http';
import { clearLockout } from '@/lib/backend/lockouts';

export const DELETE = backendRoute('admin', async ({ actor, params }) => {
  clearLockout(actor!, params.ip ?? '');
  return { status: 204 };
});
