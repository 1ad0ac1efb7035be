// GET|POST /api/backend/virtualization/virtual-machines/storage/create/stream — start the storage stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('storage', 'stream');
export const POST = GET;
