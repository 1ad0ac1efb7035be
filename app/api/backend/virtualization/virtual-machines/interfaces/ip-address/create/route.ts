// GET|POST /api/backend/virtualization/virtual-machines/interfaces/ip-address/create — start the ip-addresses stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('ip-addresses', 'job');
export const POST = GET;
