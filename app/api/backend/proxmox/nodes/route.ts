// GET /api/backend/proxmox/nodes — each Proxmox endpoint's /nodes
import { PROXMOX_READS, proxmoxReadRoute } from '@/lib/backend/proxmox-read';

export const dynamic = 'force-dynamic';

export const GET = proxmoxReadRoute(PROXMOX_READS.nodes);
