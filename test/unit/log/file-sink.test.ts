import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogHub, RotatingFileSink } from '../../../src/main/engine/log';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relaybox-log-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/** The numbers of "msg N" lines in a file, in file order. */
async function messageNumbers(path: string): Promise<number[]> {
  const text = await readFile(path, 'utf8');
  return [...text.matchAll(/msg (\d+)/g)].map((m) => Number(m[1]));
}

describe('log file with size rotation', () => {
  it('rotates relaybox.log → .1 → .2, keeps maxFiles, bounds every file by maxFileBytes', async () => {
    const file = join(dir, 'relaybox.log');
    const hub = new LogHub({ destinations: ['file'], file, maxFileBytes: 1000, maxFiles: 2 });
    const log = hub.logger('test');
    for (let i = 1; i <= 200; i++) log.info(`msg ${i} ${'x'.repeat(20)}`);
    await hub.close();

    expect((await readdir(dir)).sort()).toEqual(['relaybox.log', 'relaybox.log.1', 'relaybox.log.2']);
    for (const name of ['relaybox.log', 'relaybox.log.1', 'relaybox.log.2']) {
      const { size } = await stat(join(dir, name));
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThanOrEqual(1000);
    }
    // Oldest to newest, the kept files hold one unbroken run of messages ending at the last one.
    const numbers = [
      ...(await messageNumbers(`${file}.2`)),
      ...(await messageNumbers(`${file}.1`)),
      ...(await messageNumbers(file)),
    ];
    expect(numbers.at(-1)).toBe(200);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
    // Every line is a whole formatted line: rotation never splits one.
    const text = await readFile(`${file}.1`, 'utf8');
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} INF \[TEST\] msg \d+ x{20}$/);
  });

  it('rotates an existing oversized file before appending to it', async () => {
    const file = join(dir, 'relaybox.log');
    await writeFile(file, 'old line\n'.repeat(200)); // 1800 bytes
    const sink = new RotatingFileSink({ path: file, maxBytes: 1000, maxFiles: 3, onError: (e) => expect.fail(e.message) });
    sink.write('new line\n');
    await sink.close();
    expect(await readFile(file, 'utf8')).toBe('new line\n');
    expect((await stat(`${file}.1`)).size).toBe(1800);
  });

  it('with maxFiles 0 truncates instead of keeping rotated files', async () => {
    const file = join(dir, 'relaybox.log');
    const sink = new RotatingFileSink({ path: file, maxBytes: 100, maxFiles: 0, onError: (e) => expect.fail(e.message) });
    for (let i = 0; i < 30; i++) sink.write(`line ${String(i).padStart(3, '0')}\n`); // 9 bytes each
    await sink.close();
    expect(await readdir(dir)).toEqual(['relaybox.log']);
    expect((await stat(file)).size).toBeLessThanOrEqual(100);
    expect(await readFile(file, 'utf8')).toMatch(/line 029\n$/);
  });

  it('writes a line longer than maxFileBytes into a file of its own rather than losing it', async () => {
    const file = join(dir, 'relaybox.log');
    const sink = new RotatingFileSink({ path: file, maxBytes: 10, maxFiles: 2, onError: (e) => expect.fail(e.message) });
    sink.write('short\n');
    sink.write(`${'L'.repeat(30)}\n`);
    sink.write('tail\n');
    await sink.close();
    expect(await readFile(`${file}.2`, 'utf8')).toBe('short\n');
    expect(await readFile(`${file}.1`, 'utf8')).toBe(`${'L'.repeat(30)}\n`);
    expect(await readFile(file, 'utf8')).toBe('tail\n');
  });

  it('counts lines dropped when the queue is full and says so in the file', async () => {
    const file = join(dir, 'relaybox.log');
    const sink = new RotatingFileSink({ path: file, maxBytes: 1 << 20, maxFiles: 1, maxPendingChars: 20, onError: (e) => expect.fail(e.message) });
    for (let i = 0; i < 10; i++) sink.write(`line ${i}\n`); // 7 chars each: 2 fit while the file opens
    await sink.flush();
    sink.write('after\n');
    await sink.close();
    const text = await readFile(file, 'utf8');
    expect(text).toBe('line 0\nline 1\n(8 log lines dropped: the log file could not keep up)\nafter\n');
  });

  it('switches files on configure (hot reload) and flushes the old one', async () => {
    const first = join(dir, 'a.log');
    const second = join(dir, 'b.log');
    const hub = new LogHub({ destinations: ['file'], file: first });
    const log = hub.logger('x');
    log.info('to a');
    hub.configure({ file: second });
    log.info('to b');
    hub.configure({ destinations: ['stdout'] });
    hub.configure({ destinations: [] });
    log.info('nowhere');
    await hub.close();
    expect(await messageLines(first)).toEqual(['to a']);
    expect(await messageLines(second)).toEqual(['to b']);
  });
});

async function messageLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => l.replace(/^.*? \[X\] /, ''));
}

describe('unwritable log file', () => {
  const cases: [string, () => Promise<string>][] = [
    ['directory missing', async () => join(dir, 'no', 'such', 'dir', 'relaybox.log')],
    [
      'parent is a file',
      async () => {
        await writeFile(join(dir, 'plain'), '');
        return join(dir, 'plain', 'relaybox.log');
      },
    ],
    ['path is a directory', async () => dir],
  ];

  it.each(cases)('%s: one error entry, stdout and the ring keep going', async (_name, makePath) => {
    const file = await makePath();
    const lines: string[] = [];
    const hub = new LogHub({ destinations: ['stdout', 'file'], file, stdout: (l) => lines.push(l) });
    const log = hub.logger('core');
    log.info('first');
    await hub.flush();
    log.info('second');
    log.info('third');
    await hub.close();

    const errors = hub.recent().filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].module).toBe('log');
    expect(errors[0].message).toContain(file);
    expect(lines.filter((l) => / ERR \[LOG\] cannot write log file/.test(l))).toHaveLength(1);
    expect(hub.recent().map((e) => e.message).filter((m) => !m.includes('cannot write'))).toEqual(['first', 'second', 'third']);
    expect(lines.filter((l) => / INF \[CORE\] /.test(l))).toHaveLength(3);
  });

  it.skipIf(process.getuid?.() === 0)('permission denied: reported once, logging continues', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const hub = new LogHub({ destinations: ['file'], file: join(locked, 'relaybox.log') });
    hub.logger('x').info('a');
    await hub.flush();
    hub.logger('x').info('b');
    await hub.close();
    const errors = hub.recent().filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/EACCES/);
  });

  it('retries a failed file when the configuration changes where logs go', async () => {
    const missing = join(dir, 'later');
    const file = join(missing, 'relaybox.log');
    const hub = new LogHub({ destinations: ['file'], file, stdout: () => {} });
    await hub.flush();
    expect(hub.recent().filter((e) => e.level === 'error')).toHaveLength(1);

    hub.configure({ level: 'info' }); // an unrelated reload does not retry (no error spam)
    await hub.flush();
    expect(hub.recent().filter((e) => e.level === 'error')).toHaveLength(1);

    await mkdir(missing);
    hub.configure({ destinations: ['file', 'stdout'] });
    hub.logger('x').info('works now');
    await hub.close();
    expect(await readFile(file, 'utf8')).toMatch(/INF \[X\] works now\n$/);
  });
});
