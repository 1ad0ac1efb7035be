import Link from 'next/link';
import { PageHeader } from '@/components/detail/page-header';
import { openApiDocument } from '@/lib/api/openapi';
import { requireUser } from '@/lib/auth/session';

export const metadata = { title: 'REST API' };

type Operation = { description?: string; parameters?: { name?: string }[] };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A readable view of the generated OpenAPI document: every path, its methods and filters. */
export default async function ApiDocsPage() {
  await requireUser();
  const doc = openApiDocument() as {
    info: { version: string };
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  };
  const paths = Object.entries(doc.paths).sort(([a], [b]) => (a < b ? -1 : 1));
  return (
    <>
      <PageHeader title="REST API" />
      <section className="card mb-4 p-4 text-sm">
        <p>
          NetBox-compatible API, version {doc.info.version}. Authenticate with{' '}
          <code>Authorization: Token &lt;key&gt;</code>, <code>Bearer &lt;key&gt;</code> or{' '}
          <code>X-Proxbox-API-Key</code> (create keys with <code>npm run keys -- create --description …</code>).
          Machine-readable:{' '}
          <Link className="link" href="/api/schema/">
            OpenAPI JSON
          </Link>{' '}
          ·{' '}
          <Link className="link" href="/api/schema/?format=yaml">
            YAML
          </Link>
          .
        </p>
      </section>
      <section className="card overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">API paths</caption>
          <thead>
            <tr>
              <th scope="col" className="px-3 py-2 text-left">
                Path
              </th>
              <th scope="col" className="px-3 py-2 text-left">
                Methods
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Query parameters
              </th>
            </tr>
          </thead>
          <tbody>
            {paths.map(([path, item]) => (
              <tr key={path} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="px-3 py-1.5 font-mono">{path}</td>
                <td className="px-3 py-1.5">
                  {METHODS.filter((m) => item[m])
                    .map((m) => m.toUpperCase())
                    .join(' ')}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">
                  {item.get?.parameters?.filter((p) => p.name).length ?? 0}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
