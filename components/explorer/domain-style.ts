import type { DomainKey } from '@/lib/explorer/types';

/** Colours of a domain: its box on the canvas, its legend swatch and the stripe on its tables. */
export const DOMAIN_STYLE: Record<DomainKey, { box: string; swatch: string; stripe: string; title: string }> = {
  endpoints: {
    box: 'border-amber-300 bg-amber-50/60 dark:border-amber-500/40 dark:bg-amber-400/5',
    swatch: 'bg-amber-400',
    stripe: 'border-l-amber-400',
    title: 'text-amber-800 dark:text-amber-300',
  },
  infrastructure: {
    box: 'border-sky-300 bg-sky-50/60 dark:border-sky-500/40 dark:bg-sky-400/5',
    swatch: 'bg-sky-500',
    stripe: 'border-l-sky-500',
    title: 'text-sky-800 dark:text-sky-300',
  },
  'vm-data': {
    box: 'border-emerald-300 bg-emerald-50/60 dark:border-emerald-500/40 dark:bg-emerald-400/5',
    swatch: 'bg-emerald-500',
    stripe: 'border-l-emerald-500',
    title: 'text-emerald-800 dark:text-emerald-300',
  },
  operational: {
    box: 'border-rose-300 bg-rose-50/60 dark:border-rose-500/40 dark:bg-rose-400/5',
    swatch: 'bg-rose-500',
    stripe: 'border-l-rose-500',
    title: 'text-rose-800 dark:text-rose-300',
  },
  'netbox-core': {
    box: 'border-zinc-300 bg-zinc-50/60 dark:border-zinc-600 dark:bg-zinc-400/5',
    swatch: 'bg-zinc-500',
    stripe: 'border-l-zinc-500',
    title: 'text-zinc-700 dark:text-zinc-300',
  },
  backend: {
    box: 'border-violet-300 bg-violet-50/60 dark:border-violet-500/40 dark:bg-violet-400/5',
    swatch: 'bg-violet-500',
    stripe: 'border-l-violet-500',
    title: 'text-violet-800 dark:text-violet-300',
  },
};
