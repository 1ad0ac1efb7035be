import packageJson from '@/package.json';

// The backend's version: the app's package version (one release number for both roles).

/** `GET /version`'s value. */
export function backendVersion(): string {
  return packageJson.version;
}
