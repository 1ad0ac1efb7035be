// Shared arithmetic of the dashboard's SVG charts.

/** The smallest 1, 2 or 5 × 10^k at or above `value` (at least 1), so axis labels read well. */
export function niceMax(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Height in chart units of `value` on a scale of `max` over `height` units. */
export const scaled = (value: number, max: number, height: number) =>
  max > 0 ? (Math.max(0, value) / max) * height : 0;

/** Series colours, by name, for light and dark themes. */
export const SERIES_FILL = {
  running: 'fill-emerald-500 dark:fill-emerald-400',
  stopped: 'fill-zinc-400 dark:fill-zinc-500',
  backups: 'fill-sky-500 dark:fill-sky-400',
  used: 'fill-sky-500 dark:fill-sky-400',
} as const;

export type SeriesColour = keyof typeof SERIES_FILL;
