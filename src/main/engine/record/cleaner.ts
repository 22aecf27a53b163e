// recordDeleteAfter: deletes segments that started longer ago than the path's setting (0 keeps
// them forever), as MediaMTX's record cleaner does. Files being written are left alone.
import { unlink } from 'node:fs/promises';
import type { Config } from '../../../shared/config';
import { findPathConf, parseDuration } from '../../../shared/config';
import type { Logger } from '../log/logger';
import { findAllRecordings } from './store';

export interface RecordCleanerOptions {
  config(): Config;
  /** Files a recorder has open. */
  busy(file: string): boolean;
  log: Logger;
  now?: () => number;
}

/** One pass; returns the files deleted. */
export async function cleanRecordings(opts: RecordCleanerOptions): Promise<string[]> {
  const config = opts.config();
  const now = (opts.now ?? Date.now)();
  const deleted: string[] = [];
  for (const [pathName, segments] of await findAllRecordings(config)) {
    const found = findPathConf(config, pathName);
    if (!found.ok) continue;
    let keepMs: number;
    try {
      keepMs = parseDuration(found.conf.recordDeleteAfter);
    } catch {
      continue;
    }
    if (keepMs <= 0) continue;
    for (const seg of segments) {
      if (seg.start.getTime() >= now - keepMs || opts.busy(seg.file)) continue;
      try {
        await unlink(seg.file);
        deleted.push(seg.file);
      } catch (err) {
        opts.log.warn(`cannot delete old recording ${seg.file}: ${(err as Error).message}`);
      }
    }
  }
  if (deleted.length) opts.log.info(`deleted ${deleted.length} recording segment(s) older than recordDeleteAfter`);
  return deleted;
}
