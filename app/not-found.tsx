import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-5xl font-bold text-zinc-300 dark:text-zinc-700">404</p>
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        The object or page you asked for does not exist, or was deleted.
      </p>
      <Link href="/" className="btn btn-primary">
        Back to the dashboard
      </Link>
    </main>
  );
}
