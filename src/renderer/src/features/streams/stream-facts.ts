// Values the Streams screen derives from /v3/paths items: readers by protocol, which API list
// can kick a session, uptime, bitrate history, the VLC playlist, compatibility warnings.
import { RelayboxApiError, type ConnKind, type PathInfo, type RelayboxApi } from '../../../../shared/api';
import { rate } from '../../selectors';
import { summarizeTracks } from './preview-choice';

/**
 * Session types (MediaMTX names, as /v3/paths lists them) → the lists whose kick/{id} can end
 * them, in the order to try. Sessions of the TLS listeners are typed rtspsSession / rtmpsConn (as
 * MediaMTX); older engines typed them like the plain ones, so the plain types still fall back to
 * the TLS list when the plain one does not know the id. An RTSP
 * reader is listed with its connection's id (it joins the path at DESCRIBE, before SETUP makes
 * the session), so the connection lists come last: kicking the connection ends the session.
 */
const KICK_LISTS: Record<string, readonly ConnKind[]> = {
  rtmpConn: ['rtmpconns', 'rtmpsconns'],
  rtmpsConn: ['rtmpsconns'],
  rtspSession: ['rtspsessions', 'rtspssessions', 'rtspconns', 'rtspsconns'],
  rtspsSession: ['rtspssessions', 'rtspsconns'],
  rtspConn: ['rtspconns', 'rtspsconns'],
  rtspsConn: ['rtspsconns'],
  webRTCSession: ['webrtcsessions'],
};

export function kickListsOf(sessionType: string): readonly ConnKind[] {
  return Object.hasOwn(KICK_LISTS, sessionType) ? KICK_LISTS[sessionType] : [];
}

/** Kicks `id` from the first list that knows it; rethrows the last error when none does. */
export async function kickSession(api: Pick<RelayboxApi, 'kickConn'>, sessionType: string, id: string): Promise<ConnKind> {
  let last: unknown = new Error(`no API list can kick a ${sessionType}`);
  for (const kind of kickListsOf(sessionType)) {
    try {
      await api.kickConn(kind, id);
      return kind;
    } catch (e) {
      last = e;
      // Only "not in this list" moves on to the next one; anything else is the answer.
      if (!(e instanceof RelayboxApiError && e.status === 404)) break;
    }
  }
  throw last;
}

/** "rtmpConn" ×2, "hlsMuxer" ×1 → [["rtmpConn", 2], ["hlsMuxer", 1]], most first. */
export function readersByType(readers: PathInfo['readers']): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of readers) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** "1:02:03" / "2:03" since `since` (ISO time), or undefined. */
export function formatUptime(since: string | null, now: number): string | undefined {
  if (!since) return undefined;
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (!Number.isFinite(s)) return undefined;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export interface PathSample {
  at: number;
  bytesIn: number;
}

/** Incoming bytes per second between consecutive samples. */
export function rateHistory(samples: readonly PathSample[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) out.push(rate(samples[i - 1].bytesIn, samples[i - 1].at, samples[i].bytesIn, samples[i].at));
  return out;
}

/**
 * An .m3u playlist that VLC opens (the OS hands .m3u to the installed player). There is no
 * standard vlc:// URL scheme, so a file is the portable "Open in VLC". EXTVLCOPT lowers VLC's
 * network caching (1 s by default) for this item only.
 */
export function vlcPlaylist(title: string, url: string, cachingMs = 300): string {
  return `#EXTM3U\n#EXTINF:-1,${title.replace(/[\r\n]/g, ' ')}\n#EXTVLCOPT:network-caching=${cachingMs}\n${url}\n`;
}

export type CompatWarning = 'video_not_h264' | 'opus_rtmp' | 'aac_webrtc' | 'no_video';

/** Where a user would otherwise hit a wall silently (issue 9, Streams). */
export function compatWarnings(tracks: readonly string[]): CompatWarning[] {
  if (!tracks.length) return [];
  const { video, audio } = summarizeTracks(tracks);
  const out: CompatWarning[] = [];
  if (!video) out.push('no_video');
  if (video && video !== 'H264') out.push('video_not_h264');
  if (audio === 'Opus') out.push('opus_rtmp');
  if (audio === 'MPEG-4 Audio') out.push('aac_webrtc');
  return out;
}
