import type { Metadata } from 'next';
import { CreateKeyForm } from '@/components/api-keys/create-key-form';
import { KeysTable } from '@/components/api-keys/keys-table';
import { BackendUnavailableNotice } from '@/components/backend/backend-unavailable';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import { BackendUnavailable, listBackendKeys } from '@/lib/backend-client/admin';
import { can } from '@/lib/data/permissions';

export const metadata: Metadata = { title: 'API keys · Proxbox' };

// API keys for automation (the backend API and the JSON API): keys are shown once at creation
// and stored only as bcrypt hashes; the last active key cannot be deactivated or deleted.

export default async function ApiKeysPage() {
  const actor = await requireUser();
  if (!can(actor, 'admin')) {
    return (
      <div className="space-y-4">
        <PageHeader title="API keys" crumbs={[{ label: 'Home', href: '/' }, { label: 'API keys' }]} />
        <p role="alert" className="text-sm text-zinc-700 dark:text-zinc-300">
          Only administrators can see and manage API keys.
        </p>
      </div>
    );
  }
  let keys;
  try {
    // Read from the backend over its API, like every other backend record.
    keys = (await listBackendKeys(actor)).map((k) => ({
      id: k.id,
      keyId: k.key_id,
      description: k.description,
      role: k.role,
      isActive: k.is_active,
      createdAt: new Date(k.created_at),
      lastUsedAt: k.last_used_at ? new Date(k.last_used_at) : null,
      webLink: k.web_link,
    }));
  } catch (error) {
    if (!(error instanceof BackendUnavailable)) throw error;
    return <BackendUnavailableNotice message={error.message} />;
  }
  return (
    <div className="space-y-8">
      <PageHeader title="API keys" crumbs={[{ label: 'Home', href: '/' }, { label: 'API keys' }]} />
      <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        Send a key in the <code className="font-mono">X-Proxbox-API-Key</code> header (or{' '}
        <code className="font-mono">Authorization: Token &lt;key&gt;</code>). A key acts with its role: viewer keys
        read, operator keys also start and cancel syncs and change descriptions, comments and tags, admin keys can do
        everything. The last active key cannot be deactivated or deleted, nor can the key this web app uses to reach the
        backend (marked “Web UI link”).
      </p>
      <section aria-labelledby="keys" className="space-y-3">
        <h2 id="keys" className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">
          Keys
        </h2>
        <KeysTable keys={keys} />
      </section>
      <section aria-labelledby="create-key" className="space-y-3">
        <h2 id="create-key" className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">
          Create a key
        </h2>
        <CreateKeyForm />
      </section>
    </div>
  );
}
