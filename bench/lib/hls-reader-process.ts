// The light HLS reader: one Node process holding many HLS clients. Each reloads the media
// playlist the way a player does (every `pollMs`, or LL-HLS blocking reloads for the next part)
// and fetches each new segment or part once, counting bytes and media seconds. Nothing is
// parsed beyond the playlist, nothing is decoded.
//
// Run by bench:hls as a child process with an IPC channel (see hls-reader-protocol.ts).
import { Agent } from 'node:http';
import { parseMediaPlaylist } from './hls-playlist';
import { httpGet } from './http-get';
import type { FromHlsReader, HlsCollected, HlsReadMode, ToHlsReader } from './hls-reader-protocol';

interface HlsReader {
  agent: Agent;
  mediaBytes: number;
  playlistBytes: number;
  mediaSeconds: number;
  stopped: boolean;
}

const readers: HlsReader[] = [];
let measuring = false;
let windowStart = 0;
let requests = 0;
let errors: Record<string, number> = {};

function send(msg: FromHlsReader): void {
  process.send?.(msg);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function countError(why: string): void {
  if (!measuring) return;
  errors[why] = (errors[why] ?? 0) + 1;
}

async function fetchCounted(r: HlsReader, url: string, playlist: boolean): Promise<Buffer | undefined> {
  try {
    const res = await httpGet(url, r.agent);
    if (measuring) {
      requests++;
      if (playlist) r.playlistBytes += res.body.length;
      else r.mediaBytes += res.body.length;
    }
    if (res.status !== 200) {
      countError(`HTTP ${res.status}`);
      return undefined;
    }
    return res.body;
  } catch (err) {
    countError((err as Error).message.replace(/\d+/g, 'N').slice(0, 80));
    return undefined;
  }
}

/** One client: playlist reloads and media fetches until stopped. */
async function run(r: HlsReader, url: string, mode: HlsReadMode, pollMs: number): Promise<void> {
  const seen = new Set<string>();
  let next: { msn: number; part: number } | undefined;
  let first = true;
  while (!r.stopped) {
    const started = nowMs();
    const q = mode === 'blocking' && next ? `${url.includes('?') ? '&' : '?'}_HLS_msn=${next.msn}&_HLS_part=${next.part}` : '';
    const body = await fetchCounted(r, url + q, true);
    if (!body) {
      await sleep(pollMs);
      continue;
    }
    const pl = parseMediaPlaylist(body.toString('latin1'));
    // New media: LL-HLS clients fetch parts near the live edge, others whole segments. A
    // player joining starts near the edge, so the first reload fetches the newest item only.
    const items = mode === 'blocking' ? pl.parts : pl.segments;
    const fresh = items.filter((i) => !seen.has(i.uri));
    for (const item of first ? fresh.slice(-1) : fresh) {
      const data = await fetchCounted(r, new URL(item.uri, url).href, false);
      if (data && measuring) r.mediaSeconds += item.duration;
    }
    for (const item of items) seen.add(item.uri);
    if (seen.size > 1000) for (const uri of [...seen].slice(0, 500)) seen.delete(uri);
    first = false;
    if (mode === 'blocking') next = { msn: pl.nextMsn, part: pl.partsOfNext };
    else await sleep(Math.max(0, pollMs - (nowMs() - started)));
  }
}

async function start(url: string, count: number, mode: HlsReadMode, pollMs: number, spreadMs: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    // One connection per client, as a player keeps one to its server.
    const r: HlsReader = { agent: new Agent({ keepAlive: true, maxSockets: 1 }), mediaBytes: 0, playlistBytes: 0, mediaSeconds: 0, stopped: false };
    readers.push(r);
    void run(r, url, mode, pollMs);
    if (spreadMs > 0) await sleep(spreadMs / count);
  }
  send({ t: 'started', running: readers.length });
}

function collect(): HlsCollected {
  measuring = false;
  return {
    t: 'collected',
    windowMs: nowMs() - windowStart,
    mediaBytes: readers.map((r) => r.mediaBytes),
    playlistBytes: readers.map((r) => r.playlistBytes),
    mediaSeconds: readers.map((r) => r.mediaSeconds),
    requests,
    errors,
  };
}

function shutdown(): never {
  for (const r of readers) {
    r.stopped = true;
    r.agent.destroy();
  }
  process.exit(0);
}

process.on('message', (raw) => {
  const msg = raw as ToHlsReader;
  switch (msg.t) {
    case 'start':
      start(msg.url, msg.count, msg.mode, msg.pollMs, msg.spreadMs).catch((err: Error) => send({ t: 'error', message: err.message }));
      return;
    case 'mark':
      for (const r of readers) {
        r.mediaBytes = 0;
        r.playlistBytes = 0;
        r.mediaSeconds = 0;
      }
      requests = 0;
      errors = {};
      windowStart = nowMs();
      measuring = true;
      return;
    case 'collect':
      send(collect());
      return;
    case 'exit':
      shutdown();
  }
});
process.on('disconnect', () => shutdown());
send({ t: 'ready' });
