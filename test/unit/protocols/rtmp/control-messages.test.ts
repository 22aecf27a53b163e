import { describe, expect, it } from 'vitest';
import { serializeMessage } from '../../../../src/main/engine/protocols/rtmp/chunk-writer';
import {
  abortMessage,
  acknowledgementMessage,
  parseAbort,
  parseAcknowledgement,
  parseSetChunkSize,
  parseSetPeerBandwidth,
  parseUserControl,
  parseWindowAckSize,
  pingRequestMessage,
  pingResponseMessage,
  setBufferLengthMessage,
  setChunkSizeMessage,
  setPeerBandwidthMessage,
  streamBeginMessage,
  streamDryMessage,
  streamEofMessage,
  streamIsRecordedMessage,
  userControlMessage,
  windowAckSizeMessage,
  type UserControlEvent,
} from '../../../../src/main/engine/protocols/rtmp/control-messages';
import { RtmpProtocolError } from '../../../../src/main/engine/protocols/rtmp/errors';
import type { RtmpMessage } from '../../../../src/main/engine/protocols/rtmp/message';

const hex = (s: string) => s.replace(/\s+/g, '');

describe('protocol control messages (§5.4)', () => {
  // Whole chunks as they go on the wire: csid 2, stream 0, timestamp 0.
  it.each<[string, RtmpMessage, string]>([
    ['Set Chunk Size 4096', setChunkSizeMessage(4096), '02 000000 000004 01 00000000 00001000'],
    ['Abort csid 6', abortMessage(6), '02 000000 000004 02 00000000 00000006'],
    ['Acknowledgement 2500000', acknowledgementMessage(2_500_000), '02 000000 000004 03 00000000 002625a0'],
    ['Window Ack Size 2500000', windowAckSizeMessage(2_500_000), '02 000000 000004 05 00000000 002625a0'],
    ['Set Peer Bandwidth dynamic', setPeerBandwidthMessage(2_500_000), '02 000000 000005 06 00000000 002625a0 02'],
    ['Stream Begin 1', streamBeginMessage(1), '02 000000 000006 04 00000000 0000 00000001'],
    ['Stream EOF 1', streamEofMessage(1), '02 000000 000006 04 00000000 0001 00000001'],
    ['Stream Dry 1', streamDryMessage(1), '02 000000 000006 04 00000000 0002 00000001'],
    ['Set Buffer Length 1 3000', setBufferLengthMessage(1, 3000), '02 000000 00000a 04 00000000 0003 00000001 00000bb8'],
    ['Stream Is Recorded 1', streamIsRecordedMessage(1), '02 000000 000006 04 00000000 0004 00000001'],
    ['Ping Request', pingRequestMessage(123456), '02 000000 000006 04 00000000 0006 0001e240'],
    ['Ping Response', pingResponseMessage(123456), '02 000000 000006 04 00000000 0007 0001e240'],
  ])('%s', (_name, message, wire) => {
    expect(serializeMessage(message, 128).toString('hex')).toBe(hex(wire));
  });

  it('parses what it builds', () => {
    expect(parseSetChunkSize(setChunkSizeMessage(65536).payload)).toBe(65536);
    expect(parseAbort(abortMessage(9).payload)).toBe(9);
    expect(parseAcknowledgement(acknowledgementMessage(0xffffffff).payload)).toBe(0xffffffff);
    expect(parseWindowAckSize(windowAckSizeMessage(5_000_000).payload)).toBe(5_000_000);
    expect(parseSetPeerBandwidth(setPeerBandwidthMessage(1000, 0).payload)).toEqual({ size: 1000, limitType: 0 });
  });

  it.each([
    ['Set Chunk Size 0', () => parseSetChunkSize(Buffer.from('00000000', 'hex')), 'INVALID_CHUNK_SIZE'],
    ['Set Chunk Size top bit', () => parseSetChunkSize(Buffer.from('80000001', 'hex')), 'INVALID_CHUNK_SIZE'],
    ['short Window Ack Size', () => parseWindowAckSize(Buffer.from('0001', 'hex')), 'INVALID_CONTROL_MESSAGE'],
    ['short Set Peer Bandwidth', () => parseSetPeerBandwidth(Buffer.from('00010000', 'hex')), 'INVALID_CONTROL_MESSAGE'],
  ])('rejects %s', (_name, parse, code) => {
    expect(parse).toThrow(expect.objectContaining({ name: 'RtmpProtocolError', code }));
  });
});

describe('user control messages (§7.1.7)', () => {
  it.each<[string, UserControlEvent]>([
    ['0000 00000001', { type: 'StreamBegin', streamId: 1 }],
    ['0001 00000001', { type: 'StreamEof', streamId: 1 }],
    ['0002 00000001', { type: 'StreamDry', streamId: 1 }],
    // What FFmpeg sends right after play (captured in ffmpeg-play.c2s.bin): stream 1, 3000 ms.
    ['0003 00000001 00000bb8', { type: 'SetBufferLength', streamId: 1, bufferLength: 3000 }],
    ['0004 00000001', { type: 'StreamIsRecorded', streamId: 1 }],
    ['0006 0001e240', { type: 'PingRequest', timestamp: 123456 }],
    ['0007 0001e240', { type: 'PingResponse', timestamp: 123456 }],
    ['001f 00000001', { type: 'BufferEmpty', streamId: 1 }],
    ['0020 00000001', { type: 'BufferReady', streamId: 1 }],
    ['001a 00', { type: 'Unknown', eventType: 0x1a, data: Buffer.from([0]) }],
  ])('%s', (wire, event) => {
    const payload = Buffer.from(hex(wire), 'hex');
    expect(parseUserControl(payload)).toEqual(event);
    expect(userControlMessage(event).payload.equals(payload)).toBe(true);
  });

  it.each(['', '00', '0000 000000', '0003 00000001 0000'])('rejects the short payload "%s"', (wire) => {
    expect(() => parseUserControl(Buffer.from(hex(wire), 'hex'))).toThrow(RtmpProtocolError);
  });
});
