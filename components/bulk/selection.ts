import type { BulkSelectionInput } from '@/lib/actions/bulk';

/** Rows the user picked on a list: ticked ids on this page, or every row matching the filter. */
export interface ListSelection {
  ids: ReadonlySet<number>;
  allMatching: boolean;
}

export const emptySelection: ListSelection = { ids: new Set(), allMatching: false };

/** What the server actions receive: the list's query string stands for "all matching". */
export function selectionInput(selection: ListSelection, search: string): BulkSelectionInput {
  return selection.allMatching ? { search } : { ids: [...selection.ids] };
}

export function selectedCount(selection: ListSelection, rowCount: number): number {
  return selection.allMatching ? rowCount : selection.ids.size;
}
