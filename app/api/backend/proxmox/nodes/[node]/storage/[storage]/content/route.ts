// GET /api/backend/proxmox/nodes/[node]/storage/[storage]/content — a storage's content on each Proxmox endpoint (?content=, ?vmid=)
import { PROXMOX_READS, proxmoxReadRoute } from '@/lib/backend/proxmox-read';

export const dynamic = 'force-dynamic';

export const GET = proxmoxReadRoute(PROXMOX_READS.storageContent);
