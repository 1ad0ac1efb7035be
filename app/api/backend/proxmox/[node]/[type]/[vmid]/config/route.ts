// GET /api/backend/proxmox/[node]/[type]/[vmid]/config — a guest's config on each Proxmox endpoint
import { PROXMOX_READS, proxmoxReadRoute } from '@/lib/backend/proxmox-read';

export const dynamic = 'force-dynamic';

export const GET = proxmoxReadRoute(PROXMOX_READS.guestConfig);
