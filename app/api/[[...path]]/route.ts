// GET|POST|PUT|PATCH|DELETE /api/[<app>/<endpoint>/[<id>/]] — NetBox-shaped REST API generated from the model registry
import { serveApi } from '@/lib/api/handler';
import { withApi } from '@/lib/api/http';

// serveApi authenticates after resolving the path, so unknown URLs are 404 for everyone.
const handler = withApi(serveApi, { authenticate: false });

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
