// Replacing a file so that readers see either the old or the new content, never half of it:
// write a temporary file in the same folder, flush it, then rename it over the target.

import { randomBytes } from 'node:crypto';
import { copyFile, open, realpath, rename, rm, stat, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const RENAME_ATTEMPTS = 5;

/** Windows refuses to rename over a file another process has open for a moment (antivirus, editors). */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= RENAME_ATTEMPTS || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}

/**
 * Writes `data` to `file` atomically. When the file exists, its previous content is kept as
 * `file + '.bak'` and its permissions are kept; a symlinked file is written through the link.
 */
export async function writeFileAtomic(file: string, data: string, opts: { backup?: boolean } = {}): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const previous = await stat(target).catch(() => undefined);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', previous ? previous.mode & 0o777 : 0o644);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (previous) {
      await chmod(tmp, previous.mode & 0o777).catch(() => undefined);
      if (opts.backup ?? true) await copyFile(target, `${file}.bak`);
    }
    await renameWithRetry(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
