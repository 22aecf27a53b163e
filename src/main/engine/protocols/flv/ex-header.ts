// The parts of Enhanced RTMP v2 ("E-RTMP", veovera/enhanced-rtmp) shared by audio and video tag
// headers: ModEx prefixes, FourCC codes and the multitrack envelope.
import { FlvError } from './errors';

export const AvMultitrackType = { OneTrack: 0, ManyTracks: 1, ManyTracksManyCodecs: 2 } as const;

/** ModEx type 0 in both audio and video: a UI24 nanosecond offset added to the timestamp. */
const MOD_EX_TIMESTAMP_OFFSET_NANO = 0;

export function readFourCc(body: Buffer, pos: number): string {
  if (pos + 4 > body.length) throw new FlvError('TRUNCATED', `FLV tag FourCC truncated at byte ${pos}`);
  return body.toString('latin1', pos, pos + 4);
}

/**
 * Reads ModEx prefixes while the packet type says ModEx (§ "ExVideoTagHeader"/"ExAudioTagHeader":
 * modExDataSize = UI8 + 1, or UI16 + 1 when that is 256; the data; then UB[4] modExType and
 * UB[4] the next packet type). Returns the real packet type and where the header continues.
 */
export function readModEx(
  body: Buffer,
  pos: number,
  packetType: number,
  modExPacketType: number,
): { pos: number; packetType: number; timestampNanoOffset?: number } {
  let timestampNanoOffset: number | undefined;
  while (packetType === modExPacketType) {
    if (pos >= body.length) throw new FlvError('TRUNCATED', 'FLV ModEx size truncated');
    let size = body[pos++] + 1;
    if (size === 256) {
      if (pos + 2 > body.length) throw new FlvError('TRUNCATED', 'FLV ModEx size truncated');
      size = body.readUInt16BE(pos) + 1;
      pos += 2;
    }
    if (pos + size + 1 > body.length) throw new FlvError('TRUNCATED', `FLV ModEx data of ${size} bytes runs past the tag`);
    const data = body.subarray(pos, pos + size);
    pos += size;
    const modExType = body[pos] >> 4;
    packetType = body[pos] & 0x0f;
    pos++;
    if (modExType === MOD_EX_TIMESTAMP_OFFSET_NANO && data.length >= 3) timestampNanoOffset = data.readUIntBE(0, 3);
  }
  return timestampNanoOffset === undefined ? { pos, packetType } : { pos, packetType, timestampNanoOffset };
}

export interface TrackSlice {
  fourCc: string;
  trackId: number;
  start: number;
  end: number;
}

/**
 * Walks the track envelopes of an E-RTMP body starting after the packet type byte(s): returns the
 * byte range of each track's packet. Without multitrack there is one range, track 0.
 */
export function readTrackSlices(
  body: Buffer,
  pos: number,
  multitrackType: number | undefined,
  sharedFourCc: string | undefined,
): TrackSlice[] {
  if (multitrackType === undefined) {
    return [{ fourCc: sharedFourCc!, trackId: 0, start: pos, end: body.length }];
  }
  const slices: TrackSlice[] = [];
  while (pos < body.length) {
    let fourCc = sharedFourCc!;
    if (multitrackType === AvMultitrackType.ManyTracksManyCodecs) {
      fourCc = readFourCc(body, pos);
      pos += 4;
    }
    if (pos >= body.length) throw new FlvError('TRUNCATED', 'FLV multitrack track id truncated');
    const trackId = body[pos++];
    let end = body.length;
    if (multitrackType !== AvMultitrackType.OneTrack) {
      if (pos + 3 > body.length) throw new FlvError('TRUNCATED', 'FLV multitrack track size truncated');
      const size = body.readUIntBE(pos, 3);
      pos += 3;
      if (size > body.length - pos) throw new FlvError('TRUNCATED', `FLV track of ${size} bytes runs past the tag`);
      end = pos + size;
    }
    slices.push({ fourCc, trackId, start: pos, end });
    pos = end;
    if (multitrackType === AvMultitrackType.OneTrack) break;
  }
  if (slices.length === 0) throw new FlvError('TRUNCATED', 'FLV multitrack tag without tracks');
  return slices;
}

/** Reads the multitrack byte (UB[4] type, UB[4] inner packet type) and the shared FourCC. */
export function readMultitrackHeader(
  body: Buffer,
  pos: number,
  multitrackPacketType: number,
): { pos: number; multitrackType: number; packetType: number; fourCc?: string } {
  if (pos >= body.length) throw new FlvError('TRUNCATED', 'FLV multitrack header truncated');
  const multitrackType = body[pos] >> 4;
  const packetType = body[pos] & 0x0f;
  pos++;
  if (multitrackType > AvMultitrackType.ManyTracksManyCodecs) {
    throw new FlvError('UNSUPPORTED', `FLV multitrack type ${multitrackType} is reserved`);
  }
  if (packetType === multitrackPacketType) throw new FlvError('INVALID', 'FLV multitrack packet nested in a multitrack packet');
  if (multitrackType === AvMultitrackType.ManyTracksManyCodecs) return { pos, multitrackType, packetType };
  return { pos: pos + 4, multitrackType, packetType, fourCc: readFourCc(body, pos) };
}
