import {
  columnFilteringFeature,
  columnVisibilityFeature,
  metaHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { FieldMeta } from '@/lib/models/types';

/**
 * The table's feature set. The server sorts, filters and pages, so no client row models are
 * registered; the features only supply state, header toggles and paging maths.
 */
export const listFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnVisibilityFeature,
  columnFilteringFeature,
  columnMeta: metaHelper<{ field: FieldMeta }>(),
});

export type ListFeatures = typeof listFeatures;
