// GET|PUT|DELETE /api/backend/proxmox/endpoints/{id} — one Proxmox endpoint (credentials never returned)
import { backendRoute, idParam, readBody } from '@/lib/backend/http';
import { deleteProxmoxEndpoint, getProxmoxEndpoint, updateProxmoxEndpoint } from '@/lib/backend/proxmox-endpoints';

const LABEL = 'Proxmox endpoint';

export const GET = backendRoute('read', async ({ params }) => ({
  status: 200,
  body: getProxmoxEndpoint(idParam(params.id, LABEL)),
}));

export const PUT = backendRoute('admin', async ({ req, params }) => ({
  status: 200,
  body: updateProxmoxEndpoint(idParam(params.id, LABEL), await readBody(req)),
}));

export const DELETE = backendRoute('admin', async ({ params }) => {
  deleteProxmoxEndpoint(idParam(params.id, LABEL));
  return { status: 204 };
});
