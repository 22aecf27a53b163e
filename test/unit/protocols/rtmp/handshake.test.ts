import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  HANDSHAKE_PACKET_SIZE,
  RtmpClientHandshake,
  RtmpServerHandshake,
  digestOffset,
  findClientDigest,
  findServerDigest,
  type HandshakeStep,
} from '../../../../src/main/engine/protocols/rtmp/handshake';
import { RtmpProtocolError } from '../../../../src/main/engine/protocols/rtmp/errors';
import { rtmpFixture } from '../../../fixtures/rtmp/load';

/** Deterministic "random" bytes, so replies are reproducible table rows. */
function counterRandom(seed = 0): (n: number) => Buffer {
  let x = seed;
  return (n) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    return b;
  };
}

// The well-known constants, re-typed from the published key tables (independent of handshake.ts).
const FP_KEY_30 = Buffer.from('Genuine Adobe Flash Player 001', 'latin1');
const FMS_KEY_68 = Buffer.concat([
  Buffer.from('Genuine Adobe Flash Media Server 001', 'latin1'),
  Buffer.from('f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae', 'hex'),
]);
const FP_KEY_62 = Buffer.concat([FP_KEY_30, FMS_KEY_68.subarray(36)]);

const hmac = (key: Buffer, ...parts: Buffer[]) => {
  const h = createHmac('sha256', key);
  parts.forEach((p) => h.update(p));
  return h.digest();
};

/** A digest C1 for `schema`, built from the spec description rather than handshake.ts. */
function digestC1(schema: 0 | 1, random = counterRandom(7)): Buffer {
  const c1 = random(HANDSHAKE_PACKET_SIZE);
  c1.writeUInt32BE(1234, 0);
  c1.writeUInt32BE(0x0a000c02, 4);
  const base = schema === 1 ? 8 : 772;
  const at = ((c1[base] + c1[base + 1] + c1[base + 2] + c1[base + 3]) % 728) + base + 4;
  hmac(FP_KEY_30, c1.subarray(0, at), c1.subarray(at + 32)).copy(c1, at);
  return c1;
}

/** Feeds slices until the handshake completes; later bytes are returned as the last step's rest. */
function feedAll(h: RtmpServerHandshake, data: Buffer, sliceSize: number): HandshakeStep[] {
  const steps: HandshakeStep[] = [];
  for (let i = 0; i < data.length; i += sliceSize) {
    const step = h.feed(data.subarray(i, i + sliceSize));
    steps.push(step);
    if (step.done) {
      const after = data.subarray(i + sliceSize);
      if (after.length > 0) steps.push({ done: false, rest: after });
      break;
    }
  }
  return steps;
}

describe('RtmpServerHandshake', () => {
  it('answers a plain C1 with S1 (zero version) and S2 echoing C1 (§5.2.3)', () => {
    const c1 = counterRandom(1)(HANDSHAKE_PACKET_SIZE);
    c1.writeUInt32BE(0, 4);
    const h = new RtmpServerHandshake({ random: counterRandom(2), time: 99 });
    const step = h.feed(Buffer.concat([Buffer.from([3]), c1]));
    expect(step.done).toBe(false);
    const reply = step.reply!;
    expect(reply.length).toBe(1 + 2 * HANDSHAKE_PACKET_SIZE);
    expect(reply[0]).toBe(3);
    expect(reply.readUInt32BE(1)).toBe(99);
    expect(reply.readUInt32BE(5)).toBe(0);
    expect(reply.subarray(1 + HANDSHAKE_PACKET_SIZE).equals(c1)).toBe(true);
    expect(h.clientDigestSchema).toBeUndefined();
    const c2 = reply.subarray(1, 1 + HANDSHAKE_PACKET_SIZE);
    const done = h.feed(Buffer.concat([c2, Buffer.from('rest')]));
    expect(done).toEqual({ done: true, reply: undefined, rest: Buffer.from('rest') });
  });

  it.each([0, 1] as const)('validates a digest C1 in schema %i and signs S1/S2 in the same schema', (schema) => {
    const c1 = digestC1(schema);
    expect(findClientDigest(c1)?.schema).toBe(schema);
    const h = new RtmpServerHandshake({ random: counterRandom(3) });
    const reply = h.feed(Buffer.concat([Buffer.from([3]), c1])).reply!;
    expect(h.clientDigestSchema).toBe(schema);
    const s1 = reply.subarray(1, 1 + HANDSHAKE_PACKET_SIZE);
    const s2 = reply.subarray(1 + HANDSHAKE_PACKET_SIZE);
    const found = findServerDigest(s1);
    expect(found?.schema).toBe(schema);
    expect(s1.readUInt32BE(4)).not.toBe(0);
    // S2's last 32 bytes: HMAC(HMAC(FMS key, C1 digest), S2[0..1504]), what FFmpeg checks.
    const clientDigest = c1.subarray(digestOffset(c1, schema), digestOffset(c1, schema) + 32);
    const key = hmac(FMS_KEY_68, clientDigest);
    expect(hmac(key, s2.subarray(0, 1504)).equals(s2.subarray(1504))).toBe(true);
  });

  it('falls back to a plain reply when the version is non-zero but no digest validates', () => {
    const c1 = digestC1(1);
    c1[100] ^= 0xff; // break the digest (byte 100 is inside the signed range for both schemas)
    c1[900] ^= 0xff;
    const h = new RtmpServerHandshake({ random: counterRandom(4) });
    const reply = h.feed(Buffer.concat([Buffer.from([3]), c1])).reply!;
    expect(h.clientDigestSchema).toBeUndefined();
    expect(reply.subarray(1 + HANDSHAKE_PACKET_SIZE).equals(c1)).toBe(true);
  });

  it('accepts the digest C0+C1 FFmpeg sent when publishing (captured); FFmpeg echoed S1 as C2', () => {
    const capture = rtmpFixture('ffmpeg-publish.c2s.bin');
    const c1 = capture.subarray(1, 1 + HANDSHAKE_PACKET_SIZE);
    expect(capture[0]).toBe(3);
    expect(c1.readUInt32BE(4)).toBe(0x09007c02); // RTMP_CLIENT_VER1..4 in libavformat/rtmpproto.c
    expect(findClientDigest(c1)?.schema).toBe(1);
    const ours = rtmpFixture('ffmpeg-publish.s0s1s2.bin');
    const c2 = capture.subarray(1 + HANDSHAKE_PACKET_SIZE, 1 + 2 * HANDSHAKE_PACKET_SIZE);
    expect(c2.equals(ours.subarray(1, 1 + HANDSHAKE_PACKET_SIZE))).toBe(true);
  });

  it('satisfied FFmpeg as a player: it validated our S1/S2 and signed C2 over our S1 digest (captured)', () => {
    const capture = rtmpFixture('ffmpeg-play.c2s.bin');
    expect(findClientDigest(capture.subarray(1, 1 + HANDSHAKE_PACKET_SIZE))?.schema).toBe(1);
    const ours = rtmpFixture('ffmpeg-play.s0s1s2.bin');
    const s1Digest = findServerDigest(ours.subarray(1, 1 + HANDSHAKE_PACKET_SIZE))!.digest;
    const c2 = capture.subarray(1 + HANDSHAKE_PACKET_SIZE, 1 + 2 * HANDSHAKE_PACKET_SIZE);
    expect(hmac(hmac(FP_KEY_62, s1Digest), c2.subarray(0, 1504)).equals(c2.subarray(1504))).toBe(true);
  });

  it.each([1, 7, 1536, 1537, 4000])('gives the same result fed in %i-byte slices', (slice) => {
    const capture = rtmpFixture('ffmpeg-publish.c2s.bin');
    const input = capture.subarray(0, 1 + 2 * HANDSHAKE_PACKET_SIZE + 50);
    const whole = new RtmpServerHandshake({ random: counterRandom(5) }).feed(input);
    const steps = feedAll(new RtmpServerHandshake({ random: counterRandom(5) }), input, slice);
    expect(Buffer.concat(steps.flatMap((s) => (s.reply ? [s.reply] : []))).equals(whole.reply!)).toBe(true);
    expect(steps.filter((s) => s.done)).toHaveLength(1);
    const rest = Buffer.concat(steps.flatMap((s) => (s.rest ? [s.rest] : [])));
    expect(rest.equals(input.subarray(1 + 2 * HANDSHAKE_PACKET_SIZE))).toBe(true);
  });

  it.each([
    { name: 'RTMPE version 6', first: 6 },
    { name: 'HTTP request', first: 'G'.charCodeAt(0) },
    { name: 'TLS ClientHello', first: 0x16 },
  ])('refuses $name at the first byte', ({ first }) => {
    const h = new RtmpServerHandshake();
    expect(() => h.feed(Buffer.from([first]))).toThrow(expect.objectContaining({ code: 'HANDSHAKE_VERSION' }));
  });

  it('refuses bytes after completion', () => {
    const h = new RtmpServerHandshake();
    h.feed(Buffer.alloc(1 + 2 * HANDSHAKE_PACKET_SIZE, 0).fill(3, 0, 1));
    expect(h.done).toBe(true);
    expect(() => h.feed(Buffer.from([1]))).toThrow(RtmpProtocolError);
  });
});

describe('RtmpClientHandshake', () => {
  function run(client: RtmpClientHandshake, server: RtmpServerHandshake): { rest?: Buffer } {
    const c0c1 = client.start();
    const s = server.feed(c0c1);
    const c = client.feed(Buffer.concat([s.reply!, Buffer.from('chunk')]));
    expect(c.done).toBe(true);
    const done = server.feed(c.reply!);
    expect(done.done).toBe(true);
    return { rest: c.rest };
  }

  it('completes a digest handshake with our server, both sides verifying', () => {
    const client = new RtmpClientHandshake({ random: counterRandom(8) });
    const server = new RtmpServerHandshake({ random: counterRandom(9) });
    const { rest } = run(client, server);
    expect(server.clientDigestSchema).toBe(1);
    expect(client.serverDigestValid).toBe(true);
    expect(client.serverSignatureValid).toBe(true);
    expect(rest).toEqual(Buffer.from('chunk'));
  });

  it('completes a plain handshake (digest: false), C2 echoing S1', () => {
    const client = new RtmpClientHandshake({ digest: false, random: counterRandom(10) });
    const server = new RtmpServerHandshake({ random: counterRandom(11) });
    const c0c1 = client.start();
    expect(c0c1.readUInt32BE(5)).toBe(0);
    const s = server.feed(c0c1);
    const c = client.feed(s.reply!);
    expect(c.reply!.equals(s.reply!.subarray(1, 1 + HANDSHAKE_PACKET_SIZE))).toBe(true);
    expect(client.serverDigestValid).toBe(false);
  });

  it('echoes S1 when a plain server answers a digest C1', () => {
    const client = new RtmpClientHandshake({ random: counterRandom(12) });
    client.start();
    const s1 = counterRandom(13)(HANDSHAKE_PACKET_SIZE);
    s1.writeUInt32BE(0, 4);
    const c = client.feed(Buffer.concat([Buffer.from([3]), s1, Buffer.alloc(HANDSHAKE_PACKET_SIZE)]));
    expect(c.reply!.equals(s1)).toBe(true);
  });

  it('refuses a wrong S0 and use before start()', () => {
    expect(() => new RtmpClientHandshake().feed(Buffer.from([3]))).toThrow(expect.objectContaining({ code: 'HANDSHAKE_STATE' }));
    const client = new RtmpClientHandshake();
    client.start();
    expect(() => client.feed(Buffer.alloc(1 + 2 * HANDSHAKE_PACKET_SIZE, 8))).toThrow(expect.objectContaining({ code: 'HANDSHAKE_VERSION' }));
  });
});
