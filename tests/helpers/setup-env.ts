import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Keys and secrets that tests generate must never land in the developer's ./data directory.
if (!process.env.PROXBOX_TEST_DATA_DIR) {
  process.env.PROXBOX_TEST_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-test-'));
}
process.env.PROXBOX_DATA_DIR = process.env.PROXBOX_TEST_DATA_DIR;
