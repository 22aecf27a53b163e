// Identifies a video frame by its last bytes, so the reader can tell which published tag an
// arriving message is without trusting timestamps (servers may rebase them per reader). The end
// of an AVC frame body is the end of its last slice NALU: entropy-coded data that a server
// forwarding H.264 never rewrites, even one that re-frames the NALUs (new length prefixes,
// dropped AUD/SEI) before sending.

const TAIL_BYTES = 32;

/** FNV-1a (32 bit) over the last 32 bytes of a video message body. */
export function videoFingerprint(body: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, body.length - TAIL_BYTES); i < body.length; i++) {
    h ^= body[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** True for a coded AVC frame (FLV 10.1 §E.4.3.1: CodecID 7, AVCPacketType 1), not a sequence header. */
export function isCodedAvcFrame(body: Buffer): boolean {
  return body.length > 5 && (body[0] & 0x0f) === 7 && body[1] === 1;
}
