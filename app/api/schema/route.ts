// GET /api/schema/ — OpenAPI 3.0 document generated from the model registry (JSON; `?format=yaml` for YAML)
import { withApi } from '@/lib/api/http';
import { openApiDocument } from '@/lib/api/openapi';
import { toYaml } from '@/lib/api/yaml';

export const GET = withApi(async ({ req, url }) => {
  const document = openApiDocument();
  const format = url.searchParams.get('format') ?? (/yaml/i.test(req.headers.get('accept') ?? '') ? 'yaml' : 'json');
  if (format === 'yaml')
    return { status: 200, text: toYaml(document), contentType: 'application/vnd.oai.openapi; charset=utf-8' };
  return { status: 200, body: document, contentType: 'application/vnd.oai.openapi+json' };
});
