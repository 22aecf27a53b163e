// Messages between bench:hls (parent) and the light HLS reader process (child), over Node IPC.

export type HlsReadMode =
  /** Reload the media playlist every `pollMs` and fetch each new segment (hls.js for plain HLS). */
  | 'poll'
  /** LL-HLS: blocking reload for the next part (_HLS_msn/_HLS_part), then fetch the new parts. */
  | 'blocking';

export type ToHlsReader =
  /** Start `count` more readers of the media playlist at `url`, their starts spread over `spreadMs`; answered by `started`. */
  | { t: 'start'; url: string; count: number; mode: HlsReadMode; pollMs: number; spreadMs: number }
  | { t: 'mark' }
  | { t: 'collect' }
  | { t: 'exit' };

export interface HlsCollected {
  t: 'collected';
  windowMs: number;
  /** Per reader: bytes of segments/parts and of playlists received in the window. */
  mediaBytes: number[];
  playlistBytes: number[];
  /** Per reader: seconds of media fetched in the window (EXTINF or part DURATION). */
  mediaSeconds: number[];
  requests: number;
  /** Distinct errors with counts. */
  errors: Record<string, number>;
}

export type FromHlsReader = { t: 'ready' } | { t: 'started'; running: number } | HlsCollected | { t: 'error'; message: string };
