// GET|POST /api/backend/sync/{type}/{id} — sync one object: virtual-machines, proxmox-nodes, devices, proxmox-clusters, clusters or storage (202 with the job)
import { objectRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = objectRoute('job');
export const POST = GET;
