import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/detail/page-header';
import { InstanceCanvas } from '@/components/explorer/instance-canvas';
import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/data/errors';
import { describeExplorerNode, type ExplorerNodeDetails } from '@/lib/explorer/expand';
import { getMeta } from '@/lib/models/registry';

interface InstancePageProps {
  params: Promise<{ model: string; id: string }>;
}

export async function generateMetadata({ params }: InstancePageProps): Promise<Metadata> {
  const { model, id } = await params;
  return { title: `Explore ${getMeta(model)?.label ?? 'object'} #${id} · Proxbox` };
}

// The instance view: one object and its relations, expanded step by step in the browser.

export default async function ExplorerInstancePage({ params }: InstancePageProps) {
  const actor = await requireUser();
  const { model, id } = await params;
  if (!getMeta(model) || !/^\d{1,15}$/.test(id)) notFound();
  let start: ExplorerNodeDetails;
  try {
    start = await describeExplorerNode(actor, model, Number(id));
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
  const { object } = start;
  return (
    <>
      <PageHeader
        title={`Explore ${object.display}`}
        crumbs={[
          { label: 'Explorer', href: '/explorer' },
          { label: object.modelLabel },
          { label: object.display, href: object.href },
        ]}
      />
      <InstanceCanvas start={start} />
    </>
  );
}
