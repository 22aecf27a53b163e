// RTMP command and data messages (RTMP 1.0 §7.1.1–7.1.2, §7.2): building the ones a server and a
// publishing/playing client send, and reading the parameters of the ones they receive.
//
// A command is AMF0: name, transaction id, command object, then arguments. AMF3 command/data
// messages (types 17/15) carry a format byte (0) and the same AMF0 values, possibly switching to
// AMF3 per value with marker 0x11.
import { decodeAmf0Values, encodeAmf0 } from './amf0';
import { AmfEcmaArray, isAmfObject, type AmfDecodeOptions, type AmfObject, type AmfValue } from './amf-value';
import { RtmpProtocolError } from './errors';
import { RtmpMessageType, type RtmpMessage } from './message';
import { NetStatusCode, netStatus, type NetStatus } from './status-codes';

export interface RtmpCommand {
  name: string;
  transactionId: number;
  /** null for most commands other than connect and _result of connect. */
  commandObject: AmfValue;
  args: AmfValue[];
}

export interface RtmpDataMessage {
  /** e.g. "@setDataFrame", "onMetaData", "|RtmpSampleAccess". */
  name: string;
  args: AmfValue[];
}

function amfValuesOf(typeId: number, payload: Buffer, options?: AmfDecodeOptions): AmfValue[] {
  // Types 15/17 start with a format selector byte, 0 for AMF0-encoded bodies.
  const skip = (typeId === RtmpMessageType.CommandAmf3 || typeId === RtmpMessageType.DataAmf3) && payload[0] === 0 ? 1 : 0;
  return decodeAmf0Values(payload, options, skip);
}

/** Parses a command message (type 20 or 17). Throws AmfError or RtmpProtocolError. */
export function parseCommand(msg: Pick<RtmpMessage, 'typeId' | 'payload'>, options?: AmfDecodeOptions): RtmpCommand {
  const values = amfValuesOf(msg.typeId, msg.payload, options);
  const [name, transactionId, commandObject, ...args] = values;
  if (typeof name !== 'string') throw new RtmpProtocolError('INVALID_COMMAND', 'RTMP command without a name string');
  return {
    name,
    // Some clients send commands without a transaction id (e.g. onStatus from old servers).
    transactionId: typeof transactionId === 'number' ? transactionId : 0,
    commandObject: commandObject ?? null,
    args,
  };
}

export function encodeCommand(cmd: RtmpCommand): Buffer {
  return encodeAmf0(cmd.name, cmd.transactionId, cmd.commandObject, ...cmd.args);
}

/** Wraps a command as an AMF0 command message (type 20) on `streamId`. */
export function commandMessage(cmd: RtmpCommand, streamId = 0, timestamp = 0): RtmpMessage {
  return { typeId: RtmpMessageType.CommandAmf0, streamId, timestamp, payload: encodeCommand(cmd) };
}

/** Parses a data message (type 18 or 15). */
export function parseDataMessage(msg: Pick<RtmpMessage, 'typeId' | 'payload'>, options?: AmfDecodeOptions): RtmpDataMessage {
  const [name, ...args] = amfValuesOf(msg.typeId, msg.payload, options);
  if (typeof name !== 'string') throw new RtmpProtocolError('INVALID_COMMAND', 'RTMP data message without a name string');
  return { name, args };
}

/** Wraps a data message as AMF0 (type 18). */
export function dataMessage(name: string, args: AmfValue[], streamId: number, timestamp = 0): RtmpMessage {
  return { typeId: RtmpMessageType.DataAmf0, streamId, timestamp, payload: encodeAmf0(name, ...args) };
}

/**
 * The metadata in "@setDataFrame", "onMetaData", {…} (what publishers send) or "onMetaData",
 * {…} (what players receive); undefined for other data messages.
 */
export function metadataOf(data: RtmpDataMessage): AmfObject | undefined {
  let rest = data.args;
  if (data.name === '@setDataFrame') {
    if (rest[0] !== 'onMetaData') return undefined;
    rest = rest.slice(1);
  } else if (data.name !== 'onMetaData') {
    return undefined;
  }
  const meta = rest[0];
  if (meta instanceof AmfEcmaArray) return meta.entries;
  return meta !== undefined && isAmfObject(meta) ? meta : undefined;
}

/** "onMetaData" as players receive it (the publisher's "@setDataFrame" wrapper removed). */
export function onMetaDataMessage(metadata: AmfObject, streamId: number, timestamp = 0): RtmpMessage {
  return dataMessage('onMetaData', [new AmfEcmaArray(metadata)], streamId, timestamp);
}

/** Lets Flash players read raw audio/video data (FMS sends it before Play.Start). */
export function sampleAccessMessage(streamId: number): RtmpMessage {
  return dataMessage('|RtmpSampleAccess', [true, true], streamId);
}

// ---- Server → client ----

export interface ConnectResultOptions {
  /** Default "FMS/3,0,1,123", the value FFmpeg and nginx-rtmp report. */
  fmsVer?: string;
  capabilities?: number;
  /** Echo the client's objectEncoding (0 = AMF0, 3 = AMF3). */
  objectEncoding?: number;
  description?: string;
  /** Extra properties for the command object (e.g. E-RTMP fourCcList the server accepts). */
  properties?: AmfObject;
  /** Extra properties for the info object. */
  info?: AmfObject;
}

/** `_result` for connect: NetConnection.Connect.Success. */
export function connectResultCommand(transactionId: number, options: ConnectResultOptions = {}): RtmpCommand {
  const props: AmfObject = { fmsVer: options.fmsVer ?? 'FMS/3,0,1,123', capabilities: options.capabilities ?? 31, mode: 1, ...options.properties };
  const info: AmfObject = {
    ...netStatus(NetStatusCode.ConnectSuccess, options.description ?? 'Connection succeeded.'),
    objectEncoding: options.objectEncoding ?? 0,
    ...options.info,
  };
  return { name: '_result', transactionId, commandObject: props, args: [info] };
}

/** `_error` with an info object (connect rejected, call failed…). */
export function errorCommand(transactionId: number, status: NetStatus): RtmpCommand {
  return { name: '_error', transactionId, commandObject: null, args: [{ ...status }] };
}

/** `_error` for connect: NetConnection.Connect.Rejected (bad credentials, unknown app). */
export function connectRejectedCommand(transactionId: number, description: string): RtmpCommand {
  return errorCommand(transactionId, netStatus(NetStatusCode.ConnectRejected, description));
}

/** Generic `_result` (releaseStream, FCPublish, getStreamLength…). */
export function resultCommand(transactionId: number, commandObject: AmfValue = null, ...args: AmfValue[]): RtmpCommand {
  return { name: '_result', transactionId, commandObject, args };
}

/** `_result` for createStream: the new message stream id. */
export function createStreamResultCommand(transactionId: number, streamId: number): RtmpCommand {
  return resultCommand(transactionId, null, streamId);
}

/** onStatus on a NetStream (send it on the stream's message stream id). */
export function onStatusCommand(status: NetStatus, extra?: AmfObject): RtmpCommand {
  return { name: 'onStatus', transactionId: 0, commandObject: null, args: [{ ...status, ...extra }] };
}

/** onFCPublish, FMS's answer to FCPublish that some encoders (FMLE, Wirecast) wait for. */
export function onFcPublishCommand(streamName: string): RtmpCommand {
  return { name: 'onFCPublish', transactionId: 0, commandObject: null, args: [{ code: NetStatusCode.PublishStart, description: streamName }] };
}

/** onBWDone, sent by FMS after connect; librtmp-based players call _checkbw until they see it. */
export function onBwDoneCommand(): RtmpCommand {
  return { name: 'onBWDone', transactionId: 0, commandObject: null, args: [8192] };
}

// ---- Client → server ----

export interface ConnectParams {
  app: string;
  tcUrl?: string;
  flashVer?: string;
  swfUrl?: string;
  pageUrl?: string;
  type?: string;
  /** 0 = AMF0 (default), 3 = AMF3. */
  objectEncoding: number;
  /** E-RTMP: codecs the client supports, e.g. ["hvc1", "av01"]. */
  fourCcList?: string[];
  /** The whole command object, for anything else. */
  raw: AmfObject;
}

function optionalString(obj: AmfObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** Reads the connect command object; throws RtmpProtocolError when it is not usable. */
export function readConnectParams(cmd: RtmpCommand): ConnectParams {
  const obj = cmd.commandObject;
  if (obj === null || obj === undefined || !isAmfObject(obj)) {
    throw new RtmpProtocolError('INVALID_COMMAND', 'RTMP connect without a command object');
  }
  const app = obj.app;
  if (typeof app !== 'string') throw new RtmpProtocolError('INVALID_COMMAND', 'RTMP connect without an app name');
  const list = obj.fourCcList;
  return {
    app,
    tcUrl: optionalString(obj, 'tcUrl'),
    flashVer: optionalString(obj, 'flashVer') ?? optionalString(obj, 'flashver'),
    swfUrl: optionalString(obj, 'swfUrl'),
    pageUrl: optionalString(obj, 'pageUrl'),
    type: optionalString(obj, 'type'),
    objectEncoding: typeof obj.objectEncoding === 'number' ? obj.objectEncoding : 0,
    fourCcList: Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : undefined,
    raw: obj,
  };
}

/** The stream name argument of publish, play, releaseStream, FCPublish, FCUnpublish, getStreamLength. */
export function readStreamName(cmd: RtmpCommand): string {
  const name = cmd.args[0];
  if (typeof name !== 'string') throw new RtmpProtocolError('INVALID_COMMAND', `RTMP ${cmd.name} without a stream name`);
  return name;
}

/** §7.2.2.6: publish(name, type) with type "live" (default), "record" or "append". */
export function readPublishParams(cmd: RtmpCommand): { name: string; type: string } {
  const type = cmd.args[1];
  return { name: readStreamName(cmd), type: typeof type === 'string' ? type : 'live' };
}

/** §7.2.2.1: play(name, start = -2, duration = -1, reset = true). */
export function readPlayParams(cmd: RtmpCommand): { name: string; start: number; duration: number; reset: boolean } {
  const [, start, duration, reset] = cmd.args;
  return {
    name: readStreamName(cmd),
    start: typeof start === 'number' ? start : -2,
    duration: typeof duration === 'number' ? duration : -1,
    reset: typeof reset === 'boolean' ? reset : true,
  };
}

/** §7.2.2.3: deleteStream(streamId). */
export function readDeleteStreamId(cmd: RtmpCommand): number {
  const id = cmd.args[0];
  if (typeof id !== 'number') throw new RtmpProtocolError('INVALID_COMMAND', 'RTMP deleteStream without a stream id');
  return id;
}

export interface ConnectCommandOptions {
  app: string;
  tcUrl: string;
  /** Default "FMLE/3.0 (compatible; Relaybox)", which servers treat as a publishing encoder. */
  flashVer?: string;
  type?: string;
  /** E-RTMP: announce these FourCCs (e.g. ["hvc1", "av01"]) so the server may send them. */
  fourCcList?: string[];
  /** Extra command-object properties. */
  extra?: AmfObject;
}

export function connectCommand(transactionId: number, options: ConnectCommandOptions): RtmpCommand {
  const obj: AmfObject = {
    app: options.app,
    type: options.type ?? 'nonprivate',
    flashVer: options.flashVer ?? 'FMLE/3.0 (compatible; Relaybox)',
    tcUrl: options.tcUrl,
  };
  if (options.fourCcList) obj.fourCcList = [...options.fourCcList];
  return { name: 'connect', transactionId, commandObject: { ...obj, ...options.extra }, args: [] };
}

const simple = (name: string, transactionId: number, ...args: AmfValue[]): RtmpCommand => ({
  name,
  transactionId,
  commandObject: null,
  args,
});

export const createStreamCommand = (transactionId: number): RtmpCommand => simple('createStream', transactionId);
export const releaseStreamCommand = (transactionId: number, name: string): RtmpCommand => simple('releaseStream', transactionId, name);
export const fcPublishCommand = (transactionId: number, name: string): RtmpCommand => simple('FCPublish', transactionId, name);
export const fcUnpublishCommand = (transactionId: number, name: string): RtmpCommand => simple('FCUnpublish', transactionId, name);
export const getStreamLengthCommand = (transactionId: number, name: string): RtmpCommand =>
  simple('getStreamLength', transactionId, name);
export const deleteStreamCommand = (transactionId: number, streamId: number): RtmpCommand =>
  simple('deleteStream', transactionId, streamId);
/** Send on the stream id createStream returned. */
export const publishCommand = (transactionId: number, name: string, type = 'live'): RtmpCommand =>
  simple('publish', transactionId, name, type);
/** Send on the stream id createStream returned; start -2 = live or recorded, -1 = live only. */
export const playCommand = (transactionId: number, name: string, start = -2, duration = -1, reset = true): RtmpCommand =>
  simple('play', transactionId, name, start, duration, reset);

/** "@setDataFrame", "onMetaData", {…}: how a publisher sends metadata. */
export function setDataFrameMessage(metadata: AmfObject, streamId: number, timestamp = 0): RtmpMessage {
  return dataMessage('@setDataFrame', ['onMetaData', new AmfEcmaArray(metadata)], streamId, timestamp);
}
