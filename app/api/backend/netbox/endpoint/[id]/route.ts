// GET|PUT|DELETE /api/backend/netbox/endpoint/{id} — proxbox-api's by-id form of the single NetBox endpoint
import { backendRoute, idParam, readBody } from '@/lib/backend/http';
import {
  assertNetboxEndpointId,
  deleteNetboxEndpoint,
  getNetboxEndpoint,
  updateNetboxEndpoint,
} from '@/lib/backend/netbox-endpoint';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async ({ params }) => {
  assertNetboxEndpointId(idParam(params.id, 'NetBox endpoint'));
  return { status: 200, body: getNetboxEndpoint() };
});

export const PUT = backendRoute('admin', async ({ req, params }) => {
  assertNetboxEndpointId(idParam(params.id, 'NetBox endpoint'));
  return { status: 200, body: updateNetboxEndpoint(await readBody(req)) };
});

export const DELETE = backendRoute('admin', async ({ params }) => {
  assertNetboxEndpointId(idParam(params.id, 'NetBox endpoint'));
  deleteNetboxEndpoint();
  return { status: 204 };
});
