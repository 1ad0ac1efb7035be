import type { ReactNode } from 'react';

// Placeholders shown while a list or detail page streams in (loading.tsx). They mirror the real
// layout, so the page does not jump when the data arrives.

function Bar({ className }: { className: string }) {
  return <div className={`motion-safe:animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

function Loading({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="status" aria-live="polite" aria-label={label}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}

export function ListSkeleton() {
  return (
    <Loading label="Loading list…">
      <div className="mb-4 flex items-end justify-between">
        <Bar className="h-7 w-48" />
        <Bar className="h-7 w-32" />
      </div>
      <div className="mb-2 flex gap-2">
        <Bar className="h-8 w-72" />
        <Bar className="h-8 w-24" />
      </div>
      <div className="card divide-y divide-zinc-100 dark:divide-zinc-800">
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className="flex gap-4 px-2 py-2">
            <Bar className="h-4 w-1/4" />
            <Bar className="h-4 w-1/6" />
            <Bar className="h-4 w-1/5" />
            <Bar className="h-4 w-1/6" />
          </div>
        ))}
      </div>
    </Loading>
  );
}

export function DetailSkeleton() {
  return (
    <Loading label="Loading details…">
      <Bar className="mb-1 h-3 w-40" />
      <Bar className="mb-4 h-7 w-64" />
      <div className="grid gap-4 xl:grid-cols-2">
        <div className="card space-y-3 p-3">
          {Array.from({ length: 10 }, (_, i) => (
            <div key={i} className="flex gap-4">
              <Bar className="h-4 w-1/3" />
              <Bar className="h-4 w-1/2" />
            </div>
          ))}
        </div>
        <div className="space-y-4">
          <div className="card h-32 p-3">
            <Bar className="h-4 w-1/3" />
          </div>
          <div className="card h-48 p-3">
            <Bar className="h-4 w-1/4" />
          </div>
        </div>
      </div>
    </Loading>
  );
}
