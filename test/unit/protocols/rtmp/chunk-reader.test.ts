import { describe, expect, it } from 'vitest';
import { RtmpChunkReader, type RtmpChunkReaderOptions } from '../../../../src/main/engine/protocols/rtmp/chunk-reader';
import { RtmpProtocolError } from '../../../../src/main/engine/protocols/rtmp/errors';
import type { RtmpReceivedMessage } from '../../../../src/main/engine/protocols/rtmp/message';

/** Hex strings (spaces allowed) and buffers, concatenated. */
function bytes(...parts: Array<string | Buffer>): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p.replace(/\s+/g, ''), 'hex') : p)));
}

/** A recognizable payload: byte i is (seed + i) & 0xff. */
function pay(length: number, seed = 0): Buffer {
  const b = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) b[i] = (seed + i) & 0xff;
  return b;
}

function msg(csid: number, typeId: number, streamId: number, timestamp: number, payload: Buffer): RtmpReceivedMessage {
  return { csid, typeId, streamId, timestamp, payload };
}

interface Case {
  name: string;
  input: Buffer;
  expected: RtmpReceivedMessage[];
  options?: RtmpChunkReaderOptions;
}

const cases: Case[] = [
  {
    // RTMP 1.0 §5.3.2.1 Example 1: audio, type 0 then type 2 then type 3 reusing the delta.
    name: 'spec example 1 (type 0, 2, 3, 3)',
    input: bytes(
      '03 0003e8 000020 08 39300000', pay(32, 1),
      '83 000014', pay(32, 2),
      'c3', pay(32, 3),
      'c3', pay(32, 4),
    ),
    expected: [
      msg(3, 8, 12345, 1000, pay(32, 1)),
      msg(3, 8, 12345, 1020, pay(32, 2)),
      msg(3, 8, 12345, 1040, pay(32, 3)),
      msg(3, 8, 12345, 1060, pay(32, 4)),
    ],
  },
  {
    // §5.3.2.2 Example 2: one 307-byte message over three 128-byte chunks.
    name: 'spec example 2 (message split by type-3 chunks)',
    input: bytes('04 0003e8 000133 09 3a300000', pay(307).subarray(0, 128), 'c4', pay(307).subarray(128, 256), 'c4', pay(307).subarray(256)),
    expected: [msg(4, 9, 12346, 1000, pay(307))],
  },
  {
    name: 'type 1 changes length and type, adds the delta',
    input: bytes('06 000064 000004 09 01000000', pay(4), '46 00000a 000002 08', pay(2, 9)),
    expected: [msg(6, 9, 1, 100, pay(4)), msg(6, 8, 1, 110, pay(2, 9))],
  },
  {
    // §5.3.1.2.4: "If a Type 3 chunk follows a Type 0 chunk, then the timestamp delta for this
    // Type 3 chunk is the same as the timestamp of the Type 0 chunk."
    name: 'type 3 after type 0 repeats the type-0 timestamp as a delta',
    input: bytes('05 000028 000001 08 01000000 aa', 'c5 bb'),
    expected: [msg(5, 8, 1, 40, Buffer.from([0xaa])), msg(5, 8, 1, 80, Buffer.from([0xbb]))],
  },
  {
    name: 'two-byte basic header (csid 64–319)',
    input: bytes('00 00 000001 000001 14 00000000 ff', '00 ff 000002 000001 14 00000000 fe'),
    expected: [msg(64, 20, 0, 1, Buffer.from([0xff])), msg(319, 20, 0, 2, Buffer.from([0xfe]))],
  },
  {
    name: 'three-byte basic header (csid 320–65599, little-endian)',
    input: bytes('01 00 01 000003 000001 14 00000000 01', '01 ff ff 000004 000001 14 00000000 02'),
    expected: [msg(320, 20, 0, 3, Buffer.from([1])), msg(65599, 20, 0, 4, Buffer.from([2]))],
  },
  {
    // §5.3.1.3: 0xFFFFFF in the 3-byte field means a 32-bit timestamp follows, and type-3
    // continuations of the message repeat it.
    name: 'extended timestamp on type 0, repeated in type-3 continuations',
    input: bytes('04 ffffff 000082 09 01000000 01000000', pay(130).subarray(0, 128), 'c4 01000000', pay(130).subarray(128)),
    expected: [msg(4, 9, 1, 0x01000000, pay(130))],
  },
  {
    // FFmpeg writes the extended field in type-3 chunks; some encoders do not. Accept both. (The
    // reader needs four bytes after the basic header to tell, so a next message follows here.)
    name: 'extended timestamp omitted from a type-3 continuation (tolerated)',
    input: bytes('04 ffffff 000082 09 01000000 01000000', pay(130, 5).subarray(0, 128), 'c4', pay(130, 5).subarray(128), '03 000000 000000 14 00000000'),
    expected: [msg(4, 9, 1, 0x01000000, pay(130, 5)), msg(3, 20, 0, 0, Buffer.alloc(0))],
  },
  {
    name: 'extended delta on type 2, reused by a type-3 new message',
    input: bytes('04 000010 000001 09 01000000 aa', '84 ffffff 01000000 bb', 'c4 01000000 cc'),
    expected: [
      msg(4, 9, 1, 0x10, Buffer.from([0xaa])),
      msg(4, 9, 1, 0x01000010, Buffer.from([0xbb])),
      msg(4, 9, 1, 0x02000010, Buffer.from([0xcc])),
    ],
  },
  {
    name: 'timestamps wrap at 2^32',
    input: bytes('04 ffffff 000001 09 01000000 fffffff0 aa', '84 000020 bb'),
    expected: [msg(4, 9, 1, 0xfffffff0, Buffer.from([0xaa])), msg(4, 9, 1, 0x10, Buffer.from([0xbb]))],
  },
  {
    name: 'interleaved chunk streams (video split around a whole audio message)',
    input: bytes('06 000000 000100 09 01000000', pay(256).subarray(0, 128), '04 000000 000003 08 01000000 010203', 'c6', pay(256).subarray(128)),
    expected: [msg(4, 8, 1, 0, Buffer.from([1, 2, 3])), msg(6, 9, 1, 0, pay(256))],
  },
  {
    name: 'Set Chunk Size applies to the following chunks',
    input: bytes('02 000000 000004 01 00000000 00000400', '06 000000 000300 09 01000000', pay(768)),
    expected: [msg(2, 1, 0, 0, Buffer.from('00000400', 'hex')), msg(6, 9, 1, 0, pay(768))],
  },
  {
    name: 'Set Chunk Size 1: every byte is a chunk',
    input: bytes('02 000000 000004 01 00000000 00000001', '06 000000 000003 09 01000000 aa c6 bb c6 cc'),
    expected: [msg(2, 1, 0, 0, Buffer.from('00000001', 'hex')), msg(6, 9, 1, 0, Buffer.from([0xaa, 0xbb, 0xcc]))],
  },
  {
    // §5.4.2: Abort discards the partial message; the chunk stream then starts afresh.
    name: 'Abort discards a partial message',
    input: bytes('06 000000 000100 09 01000000', pay(128), '02 000000 000004 02 00000000 00000006', '06 000005 000001 09 01000000 ee'),
    expected: [msg(2, 2, 0, 0, Buffer.from('00000006', 'hex')), msg(6, 9, 1, 5, Buffer.from([0xee]))],
  },
  {
    name: 'zero-length message is complete at its header',
    input: bytes('03 000000 000000 14 00000000', '03 000001 000001 14 00000000 05'),
    expected: [msg(3, 20, 0, 0, Buffer.alloc(0)), msg(3, 20, 0, 1, Buffer.from([5]))],
  },
  {
    // librtmp-derived encoders may open a chunk stream with type 1; SRS accepts it with stream 0.
    name: 'type 1 on a fresh chunk stream',
    input: bytes('47 000007 000001 12 ab'),
    expected: [msg(7, 18, 0, 7, Buffer.from([0xab]))],
  },
  {
    name: 'a new type-0 header abandons a partial message on the same chunk stream',
    input: bytes('06 000000 000100 09 01000000', pay(128), '06 000009 000001 09 01000000 77'),
    expected: [msg(6, 9, 1, 9, Buffer.from([0x77]))],
  },
];

function feedInSlices(reader: RtmpChunkReader, input: Buffer, slices: number[]): RtmpReceivedMessage[] {
  const out: RtmpReceivedMessage[] = [];
  let pos = 0;
  let i = 0;
  while (pos < input.length) {
    const n = slices[i++ % slices.length];
    out.push(...reader.feed(input.subarray(pos, pos + n)));
    pos += n;
  }
  return out;
}

describe('RtmpChunkReader', () => {
  it.each(cases)('$name', ({ input, expected, options }) => {
    expect(new RtmpChunkReader(options).feed(input)).toEqual(expected);
  });

  it.each(cases)('$name — same result fed byte by byte and in odd slices', ({ input, expected, options }) => {
    expect(feedInSlices(new RtmpChunkReader(options), input, [1])).toEqual(expected);
    expect(feedInSlices(new RtmpChunkReader(options), input, [2, 5, 11, 3, 17])).toEqual(expected);
  });

  it('counts bytes received for acknowledgements', () => {
    const r = new RtmpChunkReader();
    r.feed(cases[0].input);
    r.feed(Buffer.alloc(0));
    expect(r.bytesReceived).toBe(cases[0].input.length);
  });

  it('reports the peer chunk size', () => {
    const r = new RtmpChunkReader();
    expect(r.incomingChunkSize).toBe(128);
    r.feed(bytes('02 000000 000004 01 00000000 00001000'));
    expect(r.incomingChunkSize).toBe(4096);
  });

  it('releases reassembly memory when messages complete', () => {
    const r = new RtmpChunkReader();
    r.feed(bytes('06 000000 000100 09 01000000', pay(100)));
    expect(r.bufferedBytes).toBe(256);
    r.feed(bytes(pay(28), 'c6', pay(128)));
    expect(r.bufferedBytes).toBe(0);
  });

  const errors: Array<{ name: string; input: Buffer; code: string; options?: RtmpChunkReaderOptions }> = [
    { name: 'type 3 on an unknown chunk stream', input: bytes('c5 00'), code: 'CHUNK_NO_HEADER' },
    { name: 'type 2 on an unknown chunk stream', input: bytes('85 000001'), code: 'CHUNK_NO_HEADER' },
    { name: 'Set Chunk Size 0', input: bytes('02 000000 000004 01 00000000 00000000'), code: 'INVALID_CHUNK_SIZE' },
    { name: 'Set Chunk Size with the reserved bit', input: bytes('02 000000 000004 01 00000000 80000000'), code: 'INVALID_CHUNK_SIZE' },
    { name: 'Set Chunk Size with 2 bytes', input: bytes('02 000000 000002 01 00000000 0001'), code: 'INVALID_CONTROL_MESSAGE' },
    { name: 'Abort with 0 bytes', input: bytes('02 000000 000000 02 00000000'), code: 'INVALID_CONTROL_MESSAGE' },
    {
      name: 'message above maxMessageSize (before any allocation)',
      input: bytes('06 000000 ffffff 09 01000000'),
      code: 'MESSAGE_TOO_LARGE',
      options: { maxMessageSize: 1024 * 1024 },
    },
    {
      name: 'partial messages above maxPendingBytes',
      input: bytes('06 000000 000200 09 01000000', pay(128), '07 000000 000200 09 01000000 00'),
      code: 'MESSAGE_TOO_LARGE',
      options: { maxPendingBytes: 1000 },
    },
    {
      name: 'more chunk streams than maxChunkStreams',
      input: bytes('03 000000 000000 14 00000000', '04 000000 000000 14 00000000', '05 000000 000000 14 00000000'),
      code: 'TOO_MANY_CHUNK_STREAMS',
      options: { maxChunkStreams: 2 },
    },
  ];

  it.each(errors)('throws RtmpProtocolError $code: $name', ({ input, code, options }) => {
    const r = new RtmpChunkReader(options);
    let caught: unknown;
    try {
      r.feed(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RtmpProtocolError);
    expect((caught as RtmpProtocolError).code).toBe(code);
    expect(r.bufferedBytes).toBeLessThanOrEqual(options?.maxPendingBytes ?? 32 * 1024 * 1024);
  });
});
