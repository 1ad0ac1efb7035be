// GET /api/backend/proxmox/cluster/resources — each Proxmox endpoint's /cluster/resources (?type=vm|storage|node|sdn)
import { PROXMOX_READS, proxmoxReadRoute } from '@/lib/backend/proxmox-read';

export const dynamic = 'force-dynamic';

export const GET = proxmoxReadRoute(PROXMOX_READS.clusterResources);
