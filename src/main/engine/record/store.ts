// Recordings on disk, found by reading recordPath templates back (MediaMTX recordstore): which
// paths have recordings, a path's segments in time order, and deleting one segment. Used by
// the control API (/v3/recordings/…), the playback server and the cleaner.
import { readdir, unlink } from 'node:fs/promises';
import type { Config, PathConf } from '../../../shared/config';
import { findPathConf, isAllOthersName, resolvePathConf } from '../../../shared/config';
import { parseRecordPath, recordBaseDir, type RecordFormat } from './record-path';

export interface RecordingSegmentFile {
  /** As the template spells it (relative templates stay relative to the working folder). */
  file: string;
  pathName: string;
  start: Date;
}

export function recordFormatOf(conf: PathConf): RecordFormat {
  return conf.recordFormat === 'mpegts' ? 'mpegts' : 'fmp4';
}

/** Every file under `dir`, spelled `dir/sub/file` with forward slashes; [] when dir does not exist. */
async function walk(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
  const prefix = dir === '.' ? '' : dir.replace(/\/+$/, '') + '/';
  return entries.map((e) => prefix + e.replace(/\\/g, '/'));
}

/** The template with a leading "./" kept or dropped to match how walk() spells files. */
function walkTemplate(template: string, baseDir: string): string {
  return baseDir === '.' && template.startsWith('./') ? template.slice(2) : template;
}

/** Segments of one path, oldest first. */
export async function findSegments(config: Config, pathName: string): Promise<RecordingSegmentFile[]> {
  const found = findPathConf(config, pathName);
  if (!found.ok) return [];
  return segmentsOf(found.conf, pathName);
}

export async function segmentsOf(conf: PathConf, pathName: string): Promise<RecordingSegmentFile[]> {
  const template = conf.recordPath;
  const base = recordBaseDir(template, pathName);
  const tpl = walkTemplate(template, base);
  const out: RecordingSegmentFile[] = [];
  for (const file of await walk(base)) {
    const parsed = parseRecordPath(tpl, recordFormatOf(conf), file, pathName);
    if (parsed) out.push({ file, pathName, start: parsed.start });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * Every path with at least one segment, with its segments. A file counts for the path named in
 * it only when that path's configuration is the one whose template matched (as MediaMTX does).
 */
export async function findAllRecordings(config: Config): Promise<Map<string, RecordingSegmentFile[]>> {
  const out = new Map<string, RecordingSegmentFile[]>();
  const seen = new Set<string>();
  for (const confName of Object.keys(config.paths)) {
    // Regex and catch-all entries have no fixed name: read their template with %path open.
    const fixed = !confName.startsWith('~') && !isAllOthersName(confName);
    const conf = resolvePathConf(config, confName);
    const base = recordBaseDir(conf.recordPath, fixed ? confName : undefined);
    const tpl = walkTemplate(conf.recordPath, base);
    for (const file of await walk(base)) {
      if (seen.has(file)) continue;
      const parsed = parseRecordPath(tpl, recordFormatOf(conf), file, fixed ? confName : undefined);
      if (!parsed) continue;
      const owner = findPathConf(config, parsed.pathName);
      if (!owner.ok || owner.confName !== confName) continue;
      seen.add(file);
      const list = out.get(parsed.pathName) ?? [];
      list.push({ file, pathName: parsed.pathName, start: parsed.start });
      out.set(parsed.pathName, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.start.getTime() - b.start.getTime());
  return out;
}

export class SegmentNotFoundError extends Error {}

/** Deletes the segment of `pathName` that starts at `start` (to the millisecond). */
export async function deleteSegment(config: Config, pathName: string, start: Date): Promise<string> {
  const segs = await findSegments(config, pathName);
  const seg = segs.find((s) => s.start.getTime() === start.getTime());
  if (!seg) throw new SegmentNotFoundError(`no segment of path "${pathName}" starts at ${start.toISOString()}`);
  await unlink(seg.file);
  return seg.file;
}
