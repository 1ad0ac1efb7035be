// GET|POST /api/backend/virtualization/virtual-machines/{id}/create — sync one virtual machine (the seed's per-VM route) (202 with the job)
import { objectRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = objectRoute('job', 'virtual-machines');
export const POST = GET;
