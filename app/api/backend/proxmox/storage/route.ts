// GET /api/backend/proxmox/storage — each Proxmox endpoint's /storage
import { PROXMOX_READS, proxmoxReadRoute } from '@/lib/backend/proxmox-read';

export const dynamic = 'force-dynamic';

export const GET = proxmoxReadRoute(PROXMOX_READS.storage);
