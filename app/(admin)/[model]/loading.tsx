import { ListSkeleton } from '@/components/loading/skeletons';

export default function ListLoading() {
  return <ListSkeleton />;
}
