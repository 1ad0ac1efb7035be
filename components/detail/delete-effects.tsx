import { formatCount } from '@/components/data-table/format';
import { blocksDelete, deleteConsequence } from '@/lib/models/on-delete';

export interface DeleteEffectView {
  model: string;
  label: string;
  count: number;
  onDelete: string;
}

interface DeleteEffectsProps {
  effects: DeleteEffectView[];
  /** Said when nothing depends on the object(s), e.g. "No other objects depend on it." */
  none: string;
}

/** The dependants a delete would delete, unlink or be blocked by (one object's or a selection's). */
export function DeleteEffects({ effects, none }: DeleteEffectsProps) {
  return (
    <>
      {effects.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">{none}</p>
      ) : (
        <table className="data-table">
          <caption className="pb-1 text-left text-sm font-medium">Dependent objects</caption>
          <thead>
            <tr>
              <th scope="col">Objects</th>
              <th scope="col" className="text-right">
                Count
              </th>
              <th scope="col">Effect</th>
            </tr>
          </thead>
          <tbody>
            {effects.map((effect) => (
              <tr key={`${effect.model}-${effect.label}`}>
                <td>{effect.label}</td>
                <td className="text-right tabular-nums">{formatCount(effect.count)}</td>
                <td className={blocksDelete(effect.onDelete) ? 'font-medium text-red-700 dark:text-red-400' : ''}>
                  {deleteConsequence(effect.onDelete)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {effects.some((e) => blocksDelete(e.onDelete)) && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Remove or reassign the blocking objects first.
        </p>
      )}
    </>
  );
}
