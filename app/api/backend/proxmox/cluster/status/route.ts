// GET /api/backend/proxmox/cluster/status — each Proxmox endpoint's /cluster/status
import { PROXMOX_READS, proxmoxReadRoute } from '@/lib/backend/proxmox-read';

export const dynamic = 'force-dynamic';

export const GET = proxmoxReadRoute(PROXMOX_READS.clusterStatus);
