import type { Metadata } from 'next';
import { Badge } from '@/components/data-table/badge';
import { formatDatetimeOrNever } from '@/components/data-table/format';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { can } from '@/lib/data/permissions';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/passwords';
import { requireUser } from '@/lib/auth/session';
import { listUsers, type UserSummary } from '@/lib/auth/users';
import { AddUserForm } from './add-user-form';
import { ChangePasswordForm } from './change-password-form';
import { UserActiveToggle } from './user-active-toggle';
import { UserRoleSelect } from './user-role-select';

export const metadata: Metadata = { title: 'Account · Proxbox' };

function UsersTable({ users, selfId }: { users: UserSummary[]; selfId: number }) {
  return (
    <div className="card overflow-x-auto">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Last login</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td className="font-medium">
                {user.username}
                {user.id === selfId && <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">(you)</span>}
              </td>
              <td>
                {user.id === selfId ? (
                  <Badge tone="yellow">{ROLE_LABELS[user.role]}</Badge>
                ) : (
                  <UserRoleSelect userId={user.id} username={user.username} role={user.role} />
                )}
              </td>
              <td>
                <Badge tone={user.isActive ? 'green' : 'gray'}>{user.isActive ? 'Active' : 'Inactive'}</Badge>
              </td>
              <td className="whitespace-nowrap">{formatDatetimeOrNever(user.created)}</td>
              <td className="whitespace-nowrap">{formatDatetimeOrNever(user.lastLogin)}</td>
              <td>
                {user.id !== selfId && (
                  <UserActiveToggle userId={user.id} username={user.username} active={user.isActive} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function AccountPage() {
  const actor = await requireUser();
  if (actor.kind !== 'user') return null;
  const users = can(actor, 'admin') ? await listUsers(actor) : null;

  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-semibold text-zinc-900 dark:text-zinc-100">Account</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Signed in as <span className="font-medium">{actor.username}</span>
          {` (${ROLE_LABELS[actor.role].toLowerCase()})`}.
        </p>
      </header>

      <section aria-labelledby="change-password" className="space-y-4">
        <h2 id="change-password" className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">
          Change password
        </h2>
        <ChangePasswordForm minLength={MIN_PASSWORD_LENGTH} />
      </section>

      {users && (
        <section aria-labelledby="users" className="space-y-4">
          <h2 id="users" className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">
            Users
          </h2>
          <UsersTable users={users} selfId={actor.userId} />
          <h3 className="pt-2 text-base font-semibold text-zinc-900 dark:text-zinc-100">Add user</h3>
          <AddUserForm minLength={MIN_PASSWORD_LENGTH} />
        </section>
      )}
    </div>
  );
}
