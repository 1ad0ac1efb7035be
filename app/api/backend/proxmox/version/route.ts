// GET /api/backend/proxmox/version — each Proxmox endpoint's /version
import { PROXMOX_READS, proxmoxReadRoute } from '@/lib/backend/proxmox-read';

export const dynamic = 'force-dynamic';

export const GET = proxmoxReadRoute(PROXMOX_READS.version);
