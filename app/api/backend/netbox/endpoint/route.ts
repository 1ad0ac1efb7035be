// GET|POST|PUT|DELETE /api/backend/netbox/endpoint — the single NetBox endpoint (token never returned)
import { backendRoute, readBody } from '@/lib/backend/http';
import {
  createNetboxEndpoint,
  deleteNetboxEndpoint,
  getNetboxEndpoint,
  updateNetboxEndpoint,
} from '@/lib/backend/netbox-endpoint';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async () => ({ status: 200, body: getNetboxEndpoint() }));

export const POST = backendRoute('admin', async ({ req }) => ({
  status: 201,
  body: createNetboxEndpoint(await readBody(req)),
}));

export const PUT = backendRoute('admin', async ({ req }) => ({
  status: 200,
  body: updateNetboxEndpoint(await readBody(req)),
}));

export const DELETE = backendRoute('admin', async () => {
  deleteNetboxEndpoint();
  return { status: 204 };
});
