// RTMP handshake, both sides, as byte-fed state machines (RTMP 1.0 §5.2).
//
// Two flavours exist on the wire:
// - plain (§5.2.3): C1/S1 = time(4) zero(4) random(1528), C2/S2 echo the peer's C1/S1;
// - digest ("complex", Flash Player 9+/FMS 3+; FFmpeg, OBS and librtmp always send it): C1/S1 =
//   time(4) version(4, non-zero) and 1528 bytes split into two 764-byte blocks, one of which
//   holds a 32-byte HMAC-SHA256 digest at a position derived from four bytes of the block.
//   Schema 1 puts the digest block first (offset bytes at 8..11, digest at sum%728+12); schema 0
//   puts it second (offset bytes at 772..775, digest at sum%728+776). Peers check the reply:
//   FFmpeg refuses an S1 without a valid digest ("Server response validating failed") and an S2
//   whose last 32 bytes are not HMAC(HMAC(FMS key, C1 digest), S2[0..1504]) ("Signature
//   mismatch"), so a server must sign when the client used a digest.
// The digest keys are the well-known constants shared by every implementation.
import { createHmac, randomBytes } from 'node:crypto';
import { RtmpProtocolError } from './errors';

export const RTMP_VERSION = 3;
export const HANDSHAKE_PACKET_SIZE = 1536;
const DIGEST_SIZE = 32;

const KEY_TAIL = Buffer.from(
  'f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae',
  'hex',
);
/** "Genuine Adobe Flash Media Server 001" + tail: the first 36 bytes sign S1, all 68 sign S2. */
const FMS_KEY = Buffer.concat([Buffer.from('Genuine Adobe Flash Media Server 001', 'latin1'), KEY_TAIL]);
/** "Genuine Adobe Flash Player 001" + tail: the first 30 bytes sign C1, all 62 sign C2. */
const FP_KEY = Buffer.concat([Buffer.from('Genuine Adobe Flash Player 001', 'latin1'), KEY_TAIL]);
const FMS_KEY_SHORT = FMS_KEY.subarray(0, 36);
const FP_KEY_SHORT = FP_KEY.subarray(0, 30);

/** Which digest layout a C1/S1 uses; see the file comment. */
export type HandshakeDigestSchema = 0 | 1;

export interface HandshakeStep {
  /** Bytes to send to the peer now, if any. */
  reply?: Buffer;
  /** True once the handshake is complete; chunk stream bytes follow. */
  done: boolean;
  /** Bytes fed past the end of the handshake (the start of the chunk stream). */
  rest?: Buffer;
}

export interface HandshakeOptions {
  /** Source of random bytes (tests pass a deterministic one). Default: crypto.randomBytes. */
  random?: (size: number) => Buffer;
  /** Value for the 4-byte time field of our C1/S1. Default 0, which §5.2.3 allows. */
  time?: number;
}

function hmacSha256(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Byte offset of the digest inside a 1536-byte C1/S1 for the given schema. */
export function digestOffset(packet: Buffer, schema: HandshakeDigestSchema): number {
  const base = schema === 1 ? 8 : 772;
  const sum = packet[base] + packet[base + 1] + packet[base + 2] + packet[base + 3];
  return (sum % 728) + base + 4;
}

function computeDigest(packet: Buffer, offset: number, key: Buffer): Buffer {
  return hmacSha256(key, packet.subarray(0, offset), packet.subarray(offset + DIGEST_SIZE, HANDSHAKE_PACKET_SIZE));
}

/**
 * Finds the schema whose digest validates a C1 (key = Flash Player key) or S1 (key = FMS key).
 * Schema 1 is tried first because FFmpeg, OBS and librtmp clients use it.
 */
function findDigest(packet: Buffer, key: Buffer): { schema: HandshakeDigestSchema; digest: Buffer } | undefined {
  for (const schema of [1, 0] as const) {
    const offset = digestOffset(packet, schema);
    const expected = computeDigest(packet, offset, key);
    const actual = packet.subarray(offset, offset + DIGEST_SIZE);
    if (expected.equals(actual)) return { schema, digest: Buffer.from(actual) };
  }
  return undefined;
}

/** Validates the digest of a client C1 (1536 bytes, without C0). */
export function findClientDigest(c1: Buffer): { schema: HandshakeDigestSchema; digest: Buffer } | undefined {
  return c1.length === HANDSHAKE_PACKET_SIZE ? findDigest(c1, FP_KEY_SHORT) : undefined;
}

/** Validates the digest of a server S1 (1536 bytes, without S0). */
export function findServerDigest(s1: Buffer): { schema: HandshakeDigestSchema; digest: Buffer } | undefined {
  return s1.length === HANDSHAKE_PACKET_SIZE ? findDigest(s1, FMS_KEY_SHORT) : undefined;
}

/** Writes a C1/S1 in place: time, version, random fill, then the digest for `schema`. */
function fillDigestPacket(
  packet: Buffer,
  time: number,
  version: number,
  schema: HandshakeDigestSchema,
  key: Buffer,
): Buffer {
  packet.writeUInt32BE(time >>> 0, 0);
  packet.writeUInt32BE(version >>> 0, 4);
  const offset = digestOffset(packet, schema);
  computeDigest(packet, offset, key).copy(packet, offset);
  return packet.subarray(offset, offset + DIGEST_SIZE);
}

/** A C2/S2 answering a digest C1/S1: random bytes signed with a key derived from the peer digest. */
function signedResponse(packet: Buffer, peerDigest: Buffer, longKey: Buffer): void {
  const key = hmacSha256(longKey, peerDigest);
  const signatureAt = HANDSHAKE_PACKET_SIZE - DIGEST_SIZE;
  hmacSha256(key, packet.subarray(0, signatureAt)).copy(packet, signatureAt);
}

/** Checks the last 32 bytes of a C2/S2 against the digest we sent in our C1/S1. */
function verifySignedResponse(packet: Buffer, ourDigest: Buffer, longKey: Buffer): boolean {
  const key = hmacSha256(longKey, ourDigest);
  const signatureAt = HANDSHAKE_PACKET_SIZE - DIGEST_SIZE;
  return hmacSha256(key, packet.subarray(0, signatureAt)).equals(packet.subarray(signatureAt));
}

/**
 * Collects exactly `size` bytes across feeds into one preallocated buffer, so a peer that
 * dribbles bytes costs no more than the handshake itself (bounded memory).
 */
class FixedCollector {
  private readonly buf: Buffer;
  private filled = 0;
  constructor(readonly size: number) {
    this.buf = Buffer.alloc(size);
  }
  /** Copies what fits; returns the unread remainder of `data` (empty when all was taken). */
  take(data: Buffer): Buffer {
    const n = Math.min(this.size - this.filled, data.length);
    data.copy(this.buf, this.filled, 0, n);
    this.filled += n;
    return data.subarray(n);
  }
  get count(): number {
    return this.filled;
  }
  get full(): boolean {
    return this.filled === this.size;
  }
  get bytes(): Buffer {
    return this.buf;
  }
}

/** Version we put in a digest S1: FMS 4.5.0.1, what FFmpeg's server side and SRS announce. */
const SERVER_VERSION = 0x04050001;
/** Version we put in a digest C1: Flash Player 9.0.124.2, what FFmpeg and librtmp send. */
const CLIENT_VERSION = 0x09007c02;

/**
 * Server side: feed it what the client sends; it answers C0+C1 with S0+S1+S2 at once and
 * completes when C2 has arrived. C2 is not checked (clients fill it inconsistently; §5.2.3 only
 * asks the server to wait for it).
 */
export class RtmpServerHandshake {
  private readonly random: (size: number) => Buffer;
  private readonly time: number;
  private c0c1: FixedCollector | undefined = new FixedCollector(1 + HANDSHAKE_PACKET_SIZE);
  private c2: FixedCollector | undefined;
  private finished = false;
  /** Schema of the client's digest, or undefined when it sent a plain handshake. */
  clientDigestSchema: HandshakeDigestSchema | undefined;
  /** The client's 4-byte version field (0 for plain; 0x09007c02 for FFmpeg). */
  clientVersion = 0;

  constructor(options: HandshakeOptions = {}) {
    this.random = options.random ?? randomBytes;
    this.time = options.time ?? 0;
  }

  get done(): boolean {
    return this.finished;
  }

  feed(data: Buffer): HandshakeStep {
    if (this.finished) throw new RtmpProtocolError('HANDSHAKE_STATE', 'RTMP handshake already complete');
    let reply: Buffer | undefined;
    if (this.c0c1) {
      data = this.c0c1.take(data);
      // Refuse a wrong C0 at its first byte, before collecting C1 (garbage connections).
      if (this.c0c1.count > 0 && this.c0c1.bytes[0] !== RTMP_VERSION) {
        throw new RtmpProtocolError(
          'HANDSHAKE_VERSION',
          `RTMP client asked for version ${this.c0c1.bytes[0]}; only 3 (unencrypted RTMP) is supported`,
        );
      }
      if (!this.c0c1.full) return { done: false };
      const c0c1 = this.c0c1.bytes;
      this.c0c1 = undefined;
      reply = this.answer(c0c1.subarray(1));
      this.c2 = new FixedCollector(HANDSHAKE_PACKET_SIZE);
    }
    const c2 = this.c2!;
    data = c2.take(data);
    if (!c2.full) return { reply, done: false };
    this.c2 = undefined;
    this.finished = true;
    return data.length > 0 ? { reply, done: true, rest: data } : { reply, done: true };
  }

  /** Builds S0+S1+S2 for a C1 (one allocation, 3073 bytes). */
  private answer(c1: Buffer): Buffer {
    const out = Buffer.allocUnsafe(1 + 2 * HANDSHAKE_PACKET_SIZE);
    out[0] = RTMP_VERSION;
    const s1 = out.subarray(1, 1 + HANDSHAKE_PACKET_SIZE);
    const s2 = out.subarray(1 + HANDSHAKE_PACKET_SIZE);
    this.random(HANDSHAKE_PACKET_SIZE).copy(s1);
    this.clientVersion = c1.readUInt32BE(4);
    // A zero version field means a plain handshake (§5.2.3: those bytes MUST be zero).
    const found = this.clientVersion !== 0 ? findClientDigest(c1) : undefined;
    if (!found) {
      s1.writeUInt32BE(this.time >>> 0, 0);
      s1.writeUInt32BE(0, 4);
      c1.copy(s2); // §5.2.3: S2 echoes C1.
      return out;
    }
    this.clientDigestSchema = found.schema;
    // Answer in the client's schema: librtmp checks S1 only at the schema it used itself.
    fillDigestPacket(s1, this.time, SERVER_VERSION, found.schema, FMS_KEY_SHORT);
    this.random(HANDSHAKE_PACKET_SIZE).copy(s2);
    signedResponse(s2, found.digest, FMS_KEY);
    return out;
  }
}

export interface ClientHandshakeOptions extends HandshakeOptions {
  /** Send a digest C1 (schema 1), as FFmpeg and OBS do. Default true; some servers require it. */
  digest?: boolean;
}

/**
 * Client side: `start()` gives C0+C1; feed what the server sends; once S0+S1+S2 are in, the
 * step carries C2 and `done`. A server that answers a digest C1 without a digest (plain
 * servers) gets a plain C2 echo, like librtmp does.
 */
export class RtmpClientHandshake {
  private readonly random: (size: number) => Buffer;
  private readonly time: number;
  private readonly useDigest: boolean;
  private c1: Buffer | undefined;
  private c1Digest: Buffer | undefined;
  private s0s1s2: FixedCollector | undefined;
  private finished = false;
  /** Whether S1 carried a valid server digest. */
  serverDigestValid = false;
  /** Whether S2 was signed over our C1 digest (only meaningful when we sent one). */
  serverSignatureValid = false;

  constructor(options: ClientHandshakeOptions = {}) {
    this.random = options.random ?? randomBytes;
    this.time = options.time ?? 0;
    this.useDigest = options.digest ?? true;
  }

  get done(): boolean {
    return this.finished;
  }

  /** C0+C1, to send as soon as the TCP connection is up. */
  start(): Buffer {
    if (this.c1) throw new RtmpProtocolError('HANDSHAKE_STATE', 'RTMP client handshake already started');
    const out = Buffer.allocUnsafe(1 + HANDSHAKE_PACKET_SIZE);
    out[0] = RTMP_VERSION;
    const c1 = out.subarray(1);
    this.random(HANDSHAKE_PACKET_SIZE).copy(c1);
    if (this.useDigest) {
      this.c1Digest = Buffer.from(fillDigestPacket(c1, this.time, CLIENT_VERSION, 1, FP_KEY_SHORT));
    } else {
      c1.writeUInt32BE(this.time >>> 0, 0);
      c1.writeUInt32BE(0, 4);
    }
    this.c1 = c1;
    this.s0s1s2 = new FixedCollector(1 + 2 * HANDSHAKE_PACKET_SIZE);
    return out;
  }

  feed(data: Buffer): HandshakeStep {
    if (!this.s0s1s2 || this.finished) {
      throw new RtmpProtocolError('HANDSHAKE_STATE', this.finished ? 'RTMP handshake already complete' : 'call start() first');
    }
    data = this.s0s1s2.take(data);
    if (!this.s0s1s2.full) return { done: false };
    const s = this.s0s1s2.bytes;
    this.s0s1s2 = undefined;
    if (s[0] !== RTMP_VERSION) {
      throw new RtmpProtocolError('HANDSHAKE_VERSION', `RTMP server answered version ${s[0]}; expected 3`);
    }
    const s1 = s.subarray(1, 1 + HANDSHAKE_PACKET_SIZE);
    const s2 = s.subarray(1 + HANDSHAKE_PACKET_SIZE);
    const c2 = Buffer.allocUnsafe(HANDSHAKE_PACKET_SIZE);
    const found = this.c1Digest && s1.readUInt32BE(4) !== 0 ? findServerDigest(s1) : undefined;
    if (found && this.c1Digest) {
      this.serverDigestValid = true;
      this.serverSignatureValid = verifySignedResponse(s2, this.c1Digest, FMS_KEY);
      this.random(HANDSHAKE_PACKET_SIZE).copy(c2);
      signedResponse(c2, found.digest, FP_KEY);
    } else {
      s1.copy(c2); // §5.2.3: C2 echoes S1.
    }
    this.finished = true;
    return data.length > 0 ? { reply: c2, done: true, rest: data } : { reply: c2, done: true };
  }
}
