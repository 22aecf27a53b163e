// How readers subscribe to a stream: "serialize once" (issue 3 item 4, DESIGN §6).
// Readers that name the same format key share one encoder per stream: each access unit is
// encoded once per key and the very same item (Buffer, Buffer[], …) goes to every reader of
// that key. Per-reader state is only the reader's queue and what its sink needs.
import type { AccessUnit } from '../protocols/media/types';
import type { Stream } from './stream';

/** An output format, e.g. RTMP chunks at one chunk size, FLV tags, RTP packets at one MTU. */
export interface OutputFormat<T> {
  /**
   * Identifies the encoding: equal keys must mean byte-identical output for the same units
   * ("rtmp/4096", "flv", "rtp-h264/1452"). Put every parameter that changes the bytes in it.
   */
  readonly key: string;
  /**
   * Called once per stream, when the first reader of this key subscribes. A factory rather than
   * a bare function because real encoders keep per-stream state (RTP sequence numbers, FLV
   * previous-tag sizes), and that state must be shared by the readers of one stream only.
   */
  createEncoder(stream: Stream): FormatEncoder<T>;
}

export interface FormatEncoder<T> {
  /**
   * What every new reader gets first, before the cached GOP: FLV header + metadata + sequence
   * headers, an fMP4 init segment, … Computed once, when the encoder is created.
   */
  header?(): T | null;
  /**
   * Encode one unit. null: this format carries nothing for it (e.g. a track it cannot carry).
   * Called exactly once per unit per stream, in stream order; for units already in the GOP
   * cache when the encoder is created, it is called for those first, in order.
   */
  encode(au: AccessUnit): T | null;
  /** Bytes on the wire for an item, counted into bytesSent. */
  byteLength(item: T): number;
}

/**
 * The transport end of one reader (a socket, an HTTP response, a WebRTC track).
 * The core calls write() only while the previous write returned true, or after the server
 * called StreamReader.resume() (e.g. on the socket's 'drain').
 */
export interface ReaderSink<T> {
  /**
   * Take one item. Return false when the transport's buffer is over its limit (Node's
   * `socket.write()` result): the item is still taken, but nothing more is written until
   * resume(). Items then wait in the reader's bounded queue. Must not throw; if it does, the
   * reader is dropped.
   */
  write(item: T): boolean;
  /**
   * The stream ended (publisher gone, path closed): e.g. RTMP sends StreamEOF and
   * NetStream.Play.UnpublishNotify. Queued items are discarded. The path then closes the
   * reader's session too (MediaMTX behaviour: readers reconnect to the next publisher).
   */
  end?(reason: string): void;
}

/** One encoded unit, shared by every reader of its format. */
export interface EncodedUnit<T> {
  readonly item: T;
  /** encoder.byteLength(item), computed once. */
  readonly size: number;
  /** A reader that skipped may start again here (video keyframe; any unit if no video). */
  readonly resumePoint: boolean;
}

/** byteLength for the common item shapes. */
export function byteLengthOf(item: Uint8Array | readonly Uint8Array[]): number {
  if (item instanceof Uint8Array) return item.length;
  let n = 0;
  for (let i = 0; i < item.length; i++) n += item[i].length;
  return n;
}
