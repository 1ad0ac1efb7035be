import { DetailSkeleton } from '@/components/loading/skeletons';

export default function DetailLoading() {
  return <DetailSkeleton />;
}
