import type { Metadata } from 'next';
import { PageHeader } from '@/components/detail/page-header';
import { SchemaCanvas } from '@/components/explorer/schema-canvas';
import { requireUser } from '@/lib/auth/session';
import { getSchemaDiagram } from '@/lib/explorer/schema-diagram';

export const metadata: Metadata = { title: 'Relationship explorer · Proxbox' };

// The model view: every table of the inventory and the backend store, generated from the schema.

export default async function ExplorerPage() {
  await requireUser();
  const graph = getSchemaDiagram();
  return (
    <>
      <PageHeader title="Relationship explorer" crumbs={[{ label: 'Home', href: '/' }, { label: 'Explorer' }]} />
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Every table of the inventory database and the backend store, read from the schema. Hover a table for its fields;
        click it to open its list. To walk the relations of one object, use <strong>Explore</strong> on its page.
      </p>
      <SchemaCanvas graph={graph} />
    </>
  );
}
