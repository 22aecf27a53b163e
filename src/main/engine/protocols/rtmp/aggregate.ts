// Aggregate messages (RTMP 1.0 §7.1.6, type 22): FLV-style sub-messages (11-byte header, body,
// 4-byte back pointer) that some servers (Wowza, FMS) send to players and origins.
import { RtmpProtocolError } from './errors';
import type { RtmpMessage } from './message';

/**
 * Splits an aggregate message. Sub-message timestamps are made relative to the first one and
 * added to the aggregate's own timestamp (§7.1.6); all take the aggregate's stream id.
 */
export function splitAggregateMessage(msg: RtmpMessage): RtmpMessage[] {
  const p = msg.payload;
  const out: RtmpMessage[] = [];
  let pos = 0;
  let base: number | undefined;
  while (pos < p.length) {
    if (pos + 11 > p.length) throw new RtmpProtocolError('INVALID_AGGREGATE', `RTMP aggregate sub-header truncated at byte ${pos}`);
    const typeId = p[pos];
    const size = p.readUIntBE(pos + 1, 3);
    const ts = (p.readUIntBE(pos + 4, 3) | (p[pos + 7] << 24)) >>> 0;
    pos += 11;
    if (size + 4 > p.length - pos) throw new RtmpProtocolError('INVALID_AGGREGATE', `RTMP aggregate sub-message of ${size} bytes runs past the message`);
    base ??= ts;
    out.push({ typeId, streamId: msg.streamId, timestamp: (msg.timestamp + (ts - base)) >>> 0, payload: p.subarray(pos, pos + size) });
    pos += size + 4;
  }
  return out;
}
