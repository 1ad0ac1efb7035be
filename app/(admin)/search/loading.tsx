import { ListSkeleton } from '@/components/loading/skeletons';

export default function SearchLoading() {
  return <ListSkeleton />;
}
