import { describe, expect, it } from 'vitest';
import {
  commandMessage,
  connectCommand,
  connectRejectedCommand,
  connectResultCommand,
  createStreamCommand,
  createStreamResultCommand,
  dataMessage,
  deleteStreamCommand,
  encodeCommand,
  fcPublishCommand,
  fcUnpublishCommand,
  getStreamLengthCommand,
  metadataOf,
  onFcPublishCommand,
  onMetaDataMessage,
  onStatusCommand,
  parseCommand,
  parseDataMessage,
  playCommand,
  publishCommand,
  readConnectParams,
  readDeleteStreamId,
  readPlayParams,
  readPublishParams,
  readStreamName,
  releaseStreamCommand,
  sampleAccessMessage,
  setDataFrameMessage,
  type RtmpCommand,
} from '../../../../src/main/engine/protocols/rtmp/commands';
import { RtmpMessageType } from '../../../../src/main/engine/protocols/rtmp/message';
import { NetStatusCode, netStatus } from '../../../../src/main/engine/protocols/rtmp/status-codes';
import { AmfEcmaArray, type AmfValue } from '../../../../src/main/engine/protocols/rtmp/amf-value';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const roundTrip = (cmd: RtmpCommand) => parseCommand({ typeId: RtmpMessageType.CommandAmf0, payload: encodeCommand(cmd) });
const plain = (v: AmfValue) => JSON.parse(JSON.stringify(v));

describe('RTMP commands', () => {
  it('encodes onStatus exactly (name, 0, null, info object)', () => {
    const cmd = onStatusCommand(netStatus(NetStatusCode.PlayStreamNotFound, 'x'));
    expect(encodeCommand(cmd).toString('hex')).toBe(
      hex(
        `02 0008 ${Buffer.from('onStatus').toString('hex')} 00 0000000000000000 05 03` +
          ` 0005 ${Buffer.from('level').toString('hex')} 02 0005 ${Buffer.from('error').toString('hex')}` +
          ` 0004 ${Buffer.from('code').toString('hex')} 02 001d ${Buffer.from('NetStream.Play.StreamNotFound').toString('hex')}` +
          ` 000b ${Buffer.from('description').toString('hex')} 02 0001 78 000009`,
      ).toString('hex'),
    );
  });

  it.each<[string, RtmpCommand, Partial<RtmpCommand>]>([
    ['connect _result', connectResultCommand(1), { name: '_result', transactionId: 1 }],
    ['connect rejected', connectRejectedCommand(1, 'bad credentials'), { name: '_error', transactionId: 1, commandObject: null }],
    ['createStream _result', createStreamResultCommand(4, 1), { name: '_result', transactionId: 4, commandObject: null, args: [1] }],
    ['onFCPublish', onFcPublishCommand('cam1'), { name: 'onFCPublish', transactionId: 0 }],
    ['createStream', createStreamCommand(2), { name: 'createStream', transactionId: 2, commandObject: null, args: [] }],
    ['releaseStream', releaseStreamCommand(3, 'cam1'), { name: 'releaseStream', args: ['cam1'] }],
    ['FCPublish', fcPublishCommand(4, 'cam1'), { name: 'FCPublish', args: ['cam1'] }],
    ['FCUnpublish', fcUnpublishCommand(5, 'cam1'), { name: 'FCUnpublish', args: ['cam1'] }],
    ['getStreamLength', getStreamLengthCommand(6, 'cam1'), { name: 'getStreamLength', args: ['cam1'] }],
    ['deleteStream', deleteStreamCommand(7, 1), { name: 'deleteStream', args: [1] }],
    ['publish', publishCommand(8, 'cam1'), { name: 'publish', args: ['cam1', 'live'] }],
    ['play', playCommand(9, 'cam1'), { name: 'play', args: ['cam1', -2, -1, true] }],
  ])('%s round-trips', (_name, cmd, expected) => {
    const parsed = roundTrip(cmd);
    expect(plain(parsed.commandObject)).toEqual(plain(cmd.commandObject));
    expect(parsed).toMatchObject(expected);
  });

  it('connect _result carries Connect.Success and the client object encoding', () => {
    const result = roundTrip(connectResultCommand(1, { objectEncoding: 3, properties: { fourCcList: ['hvc1'] } }));
    expect(plain(result.commandObject)).toEqual({ fmsVer: 'FMS/3,0,1,123', capabilities: 31, mode: 1, fourCcList: ['hvc1'] });
    const info = result.args[0] as Record<string, AmfValue>;
    expect(info).toMatchObject({ level: 'status', code: 'NetConnection.Connect.Success', objectEncoding: 3 });
    const rejected = roundTrip(connectRejectedCommand(1, 'no')).args[0] as Record<string, AmfValue>;
    expect(rejected).toMatchObject({ level: 'error', code: 'NetConnection.Connect.Rejected', description: 'no' });
  });

  it.each([
    [NetStatusCode.ConnectSuccess, 'status'],
    [NetStatusCode.ConnectRejected, 'error'],
    [NetStatusCode.PublishStart, 'status'],
    [NetStatusCode.PublishBadName, 'error'],
    [NetStatusCode.PlayStart, 'status'],
    [NetStatusCode.PlayReset, 'status'],
    [NetStatusCode.PlayStreamNotFound, 'error'],
    [NetStatusCode.PlayUnpublishNotify, 'status'],
    [NetStatusCode.UnpublishSuccess, 'status'],
  ])('%s has level %s', (code, level) => {
    expect(netStatus(code, '').level).toBe(level);
  });

  it('reads connect parameters, including E-RTMP fourCcList', () => {
    const cmd = roundTrip(connectCommand(1, { app: 'live', tcUrl: 'rtmp://h/live', fourCcList: ['hvc1', 'av01'] }));
    expect(readConnectParams(cmd)).toMatchObject({
      app: 'live',
      tcUrl: 'rtmp://h/live',
      type: 'nonprivate',
      objectEncoding: 0,
      fourCcList: ['hvc1', 'av01'],
    });
  });

  it('parses an AMF3 command message (type 17) with an AMF3 command object', () => {
    // 00 (AMF0 format), "connect", 1, then 0x11 switch to an AMF3 object {app: "live"}.
    const payload = hex('00 02 0007 636f6e6e656374 00 3ff0000000000000 11 0a 0b 01 07 617070 06 09 6c697665 01');
    const cmd = parseCommand({ typeId: RtmpMessageType.CommandAmf3, payload });
    expect(cmd.name).toBe('connect');
    expect(readConnectParams(cmd).app).toBe('live');
  });

  it('reads publish/play/deleteStream arguments with defaults', () => {
    expect(readPublishParams({ name: 'publish', transactionId: 5, commandObject: null, args: ['cam1'] })).toEqual({ name: 'cam1', type: 'live' });
    expect(readPlayParams({ name: 'play', transactionId: 5, commandObject: null, args: ['cam1', -2000] })).toEqual({
      name: 'cam1',
      start: -2000,
      duration: -1,
      reset: true,
    });
    expect(readDeleteStreamId({ name: 'deleteStream', transactionId: 5, commandObject: null, args: [1] })).toBe(1);
  });

  it.each<[string, () => unknown]>([
    ['a command without a name', () => parseCommand({ typeId: 20, payload: hex('00 3ff0000000000000') })],
    ['connect without an object', () => readConnectParams({ name: 'connect', transactionId: 1, commandObject: null, args: [] })],
    ['connect without app', () => readConnectParams({ name: 'connect', transactionId: 1, commandObject: { tcUrl: 'x' }, args: [] })],
    ['publish without a name', () => readPublishParams({ name: 'publish', transactionId: 1, commandObject: null, args: [] })],
    ['play with a numeric name', () => readStreamName({ name: 'play', transactionId: 1, commandObject: null, args: [5] })],
    ['deleteStream without an id', () => readDeleteStreamId({ name: 'deleteStream', transactionId: 1, commandObject: null, args: [] })],
  ])('rejects %s with RtmpProtocolError INVALID_COMMAND', (_name, f) => {
    expect(f).toThrow(expect.objectContaining({ name: 'RtmpProtocolError', code: 'INVALID_COMMAND' }));
  });

  it('wraps commands and data in messages on the right stream', () => {
    expect(commandMessage(onStatusCommand(netStatus(NetStatusCode.PublishStart, '')), 1)).toMatchObject({ typeId: 20, streamId: 1, timestamp: 0 });
    expect(dataMessage('x', [], 1)).toMatchObject({ typeId: 18, streamId: 1 });
    expect(parseDataMessage(sampleAccessMessage(1))).toEqual({ name: '|RtmpSampleAccess', args: [true, true] });
  });

  it('finds metadata in @setDataFrame (publishers) and onMetaData (players)', () => {
    const meta = { width: 640, height: 360 };
    const fromPublisher = parseDataMessage(setDataFrameMessage(meta, 1));
    expect(fromPublisher.name).toBe('@setDataFrame');
    expect(plain(metadataOf(fromPublisher)!)).toEqual(meta);
    const toPlayer = onMetaDataMessage(meta, 1);
    expect(toPlayer.payload.subarray(0, 13).toString('latin1')).toBe('\u0002\u0000\nonMetaData');
    expect(toPlayer.payload[13]).toBe(0x08); // ECMA array, like FFmpeg and FMS
    expect(plain(metadataOf(parseDataMessage(toPlayer))!)).toEqual(meta);
    expect(metadataOf({ name: 'onMetaData', args: [new AmfEcmaArray({ a: 1 })] })).toEqual({ a: 1 });
    expect(metadataOf({ name: 'onCuePoint', args: [{}] })).toBeUndefined();
    expect(metadataOf({ name: '@setDataFrame', args: ['onTextData', {}] })).toBeUndefined();
  });
});
