// Recording with `relaybox serve` as a child process (issue 8 §4):
// - a crash: the server is SIGKILLed mid-segment; every part it had written (one moof+mdat per
//   recordPartDuration) must still be readable, so at most the part being collected is lost;
// - a folder it cannot write to: recording of the path stops with one clear error naming the
//   folder and the fix, and the live stream goes on for its readers. As root, chmod does not
//   stop writes, so the server then runs as nobody.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { decodeFile, videoDuration } from './media-check';
import { serveWithPaths, stopServe, type ServeProc } from './serve-process';

/** Top-level boxes of a file: their types, and whether the last one is cut short. */
function topLevelBoxes(buf: Buffer): { types: string[]; torn: boolean } {
  const types: string[] = [];
  let pos = 0;
  while (pos + 8 <= buf.length) {
    const size = buf.readUInt32BE(pos);
    if (size < 8 || pos + size > buf.length) return { types, torn: true };
    types.push(buf.toString('latin1', pos + 4, pos + 8));
    pos += size;
  }
  return { types, torn: pos !== buf.length };
}

describe('recording under relaybox serve', () => {
  let dir: string | undefined;
  let serve: ServeProc | undefined;
  afterEach(async () => {
    await stopAll();
    if (serve) await stopServe(serve);
    if (dir) await rm(dir, { recursive: true, force: true });
    serve = undefined;
    dir = undefined;
  });

  it('leaves every completed part of the open segment readable', async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-crash-'));
    const started = await serveWithPaths(dir, [
      '  cam:',
      '    record: yes',
      `    recordPath: ${dir}/rec/%path/%Y-%m-%d_%H-%M-%S-%f`,
      '    recordPartDuration: 500ms',
      '    recordSegmentDuration: 1h',
    ]);
    serve = started.serve;
    const { ports } = started;
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`, { size: '320x240' });
    const folder = join(dir, 'rec', 'cam');
    await waitFor(async () => (await readdir(folder).catch(() => [])).length > 0, 'a segment file', 100);
    const [name] = await readdir(folder);
    const file = join(folder, name);
    const firstSeen = Date.now();
    // Record about 4 s, then kill the server without any chance to close the file.
    await waitFor(async () => Date.now() - firstSeen >= 4000 && (await stat(file)).size > 0, '4 s of recording', 100);
    serve.child.kill('SIGKILL');
    await serve.exited;
    const recordedS = (Date.now() - firstSeen) / 1000;
    await stopAll();

    const boxes = topLevelBoxes(await readFile(file));
    expect(boxes.torn, boxes.types.join(',')).toBe(false);
    expect(boxes.types.slice(0, 2)).toEqual(['ftyp', 'moov']);
    const parts = boxes.types.filter((t) => t === 'moof').length;
    expect(boxes.types.filter((t) => t === 'mdat').length).toBe(parts);
    expect(await decodeFile(file)).toBe('');
    const d = await videoDuration(file);
    expect(d.errors).toBe('');
    // Lost at most the part being collected (0.5 s) plus the held last frame and start-up slack.
    expect(d.seconds, `recorded ${d.seconds} s of ~${recordedS} s in ${parts} parts`).toBeGreaterThanOrEqual(recordedS - 1.2);
  }, 60_000);

  it('stops recording with one clear error and keeps the path streaming', async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-ro-'));
    const ro = join(dir, 'readonly');
    await mkdir(ro);
    await chmod(ro, 0o555);
    await chmod(dir, 0o755); // the server may run as nobody: it must reach the folder and config
    const started = await serveWithPaths(dir, [
      '  cam:',
      '    record: yes',
      `    recordPath: ${ro}/%path/%Y-%m-%d_%H-%M-%S-%f`,
      '  all_others:',
    ], { asNobody: true });
    serve = started.serve;
    const { ports } = started;
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam`, { size: '320x240' });
    await serve.waitFor(/recording stopped/);

    const errors = serve.out().split('\n').filter((l) => /recording stopped/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`folder "${ro}"`);
    expect(errors[0]).toMatch(/EACCES/);
    expect(errors[0]).toMatch(/writable/);

    for (const url of [`rtmp://127.0.0.1:${ports.rtmp}/cam`, `rtsp://127.0.0.1:${ports.rtsp}/cam`]) {
      const { streams, error } = await probe(url, url.startsWith('rtsp') ? ['-rtsp_transport', 'tcp'] : []);
      expect(error, url).toBe('');
      expect(streams.map((s) => s.codec_name).sort(), url).toEqual(['aac', 'h264']);
    }
    // Still one error line: the recorder did not retry per part.
    expect(serve.out().split('\n').filter((l) => /recording stopped/.test(l))).toHaveLength(1);
  }, 60_000);
});
