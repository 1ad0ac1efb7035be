import { Badge } from '@/components/data-table/badge';
import { formatCount } from '@/components/data-table/format';
import { formatJsonValue, type PlanTypeView, type PlanView } from '@/lib/dashboard/push-plan-view';

// The change set of a push, per NetBox object type: what it creates (with the fields it sends),
// updates (field: old → new), deletes, and what it will not touch and why. A sync preview's
// change set (per inventory model, `changesOnly`: no conflicts, unchanged objects not counted)
// renders through it too.

function countText(counts: PlanTypeView['counts'], changesOnly: boolean): string {
  const changes = `create ${formatCount(counts.creates)} · update ${formatCount(counts.updates)} · delete ${formatCount(counts.deletes)}`;
  return changesOnly
    ? changes
    : `${changes} · conflicts ${formatCount(counts.conflicts)} · unchanged ${formatCount(counts.unchanged)}`;
}

function CountLine({ counts, changesOnly }: { counts: PlanTypeView['counts']; changesOnly: boolean }) {
  return (
    <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400" data-testid="plan-type-counts">
      {countText(counts, changesOnly)}
    </span>
  );
}

function Fields({ fields }: { fields: Record<string, Parameters<typeof formatJsonValue>[0]> }) {
  return (
    <span className="break-words text-xs text-zinc-600 dark:text-zinc-400">
      {Object.entries(fields)
        .map(([k, v]) => `${k}: ${formatJsonValue(v)}`)
        .join(' · ')}
    </span>
  );
}

function TypeSection({
  view,
  rowLimit,
  open,
  changesOnly,
}: {
  view: PlanTypeView;
  rowLimit: number;
  open: boolean;
  changesOnly: boolean;
}) {
  const { counts } = view;
  const more = (shown: number, total: number) =>
    total > shown ? (
      <tr>
        <td colSpan={3} className="px-2 py-1 text-xs text-zinc-500">
          … and {formatCount(total - shown)} more (the first {rowLimit} are shown)
        </td>
      </tr>
    ) : null;
  return (
    <section aria-label={view.type} data-type={view.type} className="border-t border-zinc-200 dark:border-zinc-800">
      <details open={open}>
        <summary className="flex cursor-pointer flex-wrap items-baseline justify-between gap-2 px-3 py-2 font-mono text-sm">
          {view.type}
          <CountLine counts={counts} changesOnly={changesOnly} />
        </summary>
        <table className="w-full table-fixed text-sm">
          <colgroup>
            <col className="w-20" />
            <col className="w-48" />
            <col />
          </colgroup>
          <tbody>
            {view.creates.map((c) => (
              <tr key={`c-${c.key}`} className="align-top">
                <td className="w-20 px-2 py-1">
                  <Badge tone="green">create</Badge>
                </td>
                <td className="break-words px-2 py-1 font-medium">{c.label}</td>
                <td className="px-2 py-1">
                  <Fields fields={c.fields} />
                </td>
              </tr>
            ))}
            {more(view.creates.length, counts.creates)}
            {view.updates.map((u) => (
              <tr key={`u-${u.key}`} className="align-top">
                <td className="w-20 px-2 py-1">
                  <Badge tone="yellow">{u.adopt ? 'adopt' : 'update'}</Badge>
                </td>
                <td className="px-2 py-1 font-medium">
                  {u.label} <span className="text-xs text-zinc-500">#{u.remoteId}</span>
                </td>
                <td className="px-2 py-1">
                  <ul className="break-words text-xs">
                    {u.changes.map((ch) => (
                      <li key={ch.field}>
                        <span className="font-mono">{ch.field}</span>:{' '}
                        <del className="text-red-700 dark:text-red-400">{formatJsonValue(ch.old)}</del> →{' '}
                        <ins className="text-emerald-700 no-underline dark:text-emerald-400">
                          {formatJsonValue(ch.new)}
                        </ins>
                      </li>
                    ))}
                    {u.changes.length === 0 && <li className="text-zinc-500">tagged as owned, no field changes</li>}
                  </ul>
                </td>
              </tr>
            ))}
            {more(view.updates.length, counts.updates)}
            {view.deletes.map((d) => (
              <tr key={`d-${d.key}`} className="align-top">
                <td className="w-20 px-2 py-1">
                  <Badge tone="red">delete</Badge>
                </td>
                <td className="px-2 py-1 font-medium">
                  {d.label} <span className="text-xs text-zinc-500">#{d.remoteId}</span>
                </td>
                <td className="px-2 py-1 text-xs">{d.reason}</td>
              </tr>
            ))}
            {more(view.deletes.length, counts.deletes)}
            {view.conflicts.map((c) => (
              <tr key={`x-${c.kind}-${c.key}`} className="align-top">
                <td className="w-20 px-2 py-1">
                  <Badge tone="gray">{c.kind}</Badge>
                </td>
                <td className="px-2 py-1 font-medium">
                  {c.label} {c.remoteId !== null && <span className="text-xs text-zinc-500">#{c.remoteId}</span>}
                </td>
                <td className="px-2 py-1 text-xs">{c.reason}</td>
              </tr>
            ))}
            {more(view.conflicts.length, counts.conflicts)}
          </tbody>
        </table>
      </details>
    </section>
  );
}

export function PushPlanTable({
  plan,
  title = 'Preview',
  heading = `NetBox ${plan.netboxVersion}`,
  emptyText = 'Nothing to change: NetBox already matches the inventory.',
  changesOnly = false,
}: {
  plan: PlanView;
  title?: string;
  /** What the totals line is about. */
  heading?: string;
  /** Said when nothing would change. */
  emptyText?: string;
  /** Counts of creates, updates and deletes only (a sync preview has no conflicts and counts no unchanged objects). */
  changesOnly?: boolean;
}) {
  const active = plan.types.filter(
    (t) => t.counts.creates + t.counts.updates + t.counts.deletes + t.counts.conflicts > 0,
  );
  const quiet = plan.types.filter((t) => !active.includes(t));
  return (
    <div aria-label={title} role="region" className="rounded border border-zinc-200 dark:border-zinc-800">
      <p className="px-3 py-2 text-sm" data-testid="plan-totals">
        {heading}: {countText(plan.totals, changesOnly)}
      </p>
      {plan.deletesHeldBack.length > 0 && (
        <p className="px-3 pb-2 text-xs text-amber-700 dark:text-amber-300">
          Deletes held back because their Proxmox stage failed: {plan.deletesHeldBack.join(', ')}
        </p>
      )}
      {active.length > 1 && <p className="px-3 pb-2 text-xs text-zinc-500">Open an object type to see its objects.</p>}
      {active.length === 0 && <p className="px-3 pb-2 text-sm text-zinc-600 dark:text-zinc-400">{emptyText}</p>}
      {active.map((t) => (
        <TypeSection
          key={t.type}
          view={t}
          rowLimit={plan.rowLimit}
          open={active.length === 1}
          changesOnly={changesOnly}
        />
      ))}
      {quiet.length > 0 && active.length > 0 && (
        <p className="border-t border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800">
          No changes: {quiet.map((t) => `${t.type} (${formatCount(t.counts.unchanged)} unchanged)`).join(', ')}
        </p>
      )}
    </div>
  );
}
