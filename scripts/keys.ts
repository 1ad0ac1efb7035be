// `npm run keys -- <command>`: manages the API keys of the backend store
// (<PROXBOX_DATA_DIR>/backend.db, ./data by default).
//   create --description "ci" [--read-only | --role viewer|operator|admin]
//                                             prints the new key once (default: an admin key)
//   register --description "netbox-proxbox"    registers a key you already have (read from stdin,
//                                             never from the command line): e.g. the token of a
//                                             netbox-proxbox FastAPI endpoint, 32+ characters
//   list                                      id, key id, flags, created, last used (never secrets)
//   deactivate <id> | activate <id>
//   revoke <id>                               deletes the key
// The last active key can be neither deactivated nor revoked (exit code 3).
import { parseArgs } from 'node:util';
import { closeBackendStore } from '../db/backend/client';
import { activateApiKey, createApiKey, deactivateApiKey, deleteApiKey, listApiKeys } from '../lib/auth/api-keys';
import { isRole, ROLES, type Role } from '../lib/auth/roles';
import { systemActor } from '../lib/data/actor';
import { AppError } from '../lib/data/errors';

const USAGE = `usage: npm run keys -- create --description <text> [--read-only | --role viewer|operator|admin]
       npm run keys -- register --description <text> [--read-only | --role viewer|operator|admin] < key-file
       npm run keys -- list
       npm run keys -- deactivate <id> | activate <id> | revoke <id>`;

function idArgument(value: string | undefined): number {
  if (!value || !/^\d+$/.test(value)) {
    console.error(`A numeric key id is required.\n${USAGE}`);
    process.exit(2);
  }
  return Number(value);
}

/** `--role`, or `--read-only` (a viewer key); neither: a full admin key. */
function roleArgument(role: string | undefined, readOnly: boolean | undefined): Role {
  if (role !== undefined && !isRole(role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}.\n${USAGE}`);
    process.exit(2);
  }
  if (role !== undefined && readOnly && role !== 'viewer') {
    console.error(`--read-only makes a viewer key; it contradicts --role ${role}.`);
    process.exit(2);
  }
  return role ?? (readOnly ? 'viewer' : 'admin');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      description: { type: 'string' },
      'read-only': { type: 'boolean', default: false },
      role: { type: 'string' },
    },
  });
  const [command, arg] = positionals;
  switch (command) {
    case 'create': {
      const key = await createApiKey(systemActor, {
        description: values.description ?? '',
        role: roleArgument(values.role, values['read-only']),
      });
      console.log(`Created API key #${key.id} (${key.role}${key.description ? `, "${key.description}"` : ''}).`);
      console.log('Store it now; it is not shown again:');
      console.log(key.key);
      return;
    }
    case 'register': {
      let raw = '';
      for await (const chunk of process.stdin) raw += String(chunk);
      const key = await createApiKey(systemActor, {
        description: values.description ?? '',
        role: roleArgument(values.role, values['read-only']),
        rawKey: raw.trim(),
      });
      console.log(
        `Registered API key #${key.id} (role ${key.role}${key.description ? `, "${key.description}"` : ''}).`,
      );
      return;
    }
    case 'list': {
      const keys = listApiKeys(systemActor);
      if (keys.length === 0) console.log('No API keys.');
      for (const k of keys) {
        const flags = [k.isActive ? 'active' : 'inactive', k.role].join(', ');
        const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : 'never';
        console.log(
          `#${k.id}  ${k.registered ? 'registered key' : `pbx_${k.keyId}_…`}  ${flags}  created ${k.createdAt.toISOString()}  last used ${used}  ${k.description}`,
        );
      }
      return;
    }
    case 'deactivate':
      deactivateApiKey(systemActor, idArgument(arg));
      console.log(`Deactivated API key #${arg}.`);
      return;
    case 'activate':
      activateApiKey(systemActor, idArgument(arg));
      console.log(`Activated API key #${arg}.`);
      return;
    case 'revoke':
      deleteApiKey(systemActor, idArgument(arg));
      console.log(`Deleted API key #${arg}.`);
      return;
    default:
      console.error(USAGE);
      process.exit(2);
  }
}

main()
  .catch((err: unknown) => {
    if (err instanceof AppError) {
      console.error(err.message);
      process.exitCode = err.code === 'conflict' ? 3 : 1;
    } else {
      console.error('keys failed:', err instanceof Error ? err.message : err);
      process.exitCode = 1;
    }
  })
  .finally(closeBackendStore);
