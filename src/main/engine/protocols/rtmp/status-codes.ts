// NetConnection/NetStream status codes carried in onStatus / _result / _error info objects
// (RTMP 1.0 §7.2; the full list is Adobe's NetStatusEvent.info documentation).

export const NetStatusCode = {
  ConnectSuccess: 'NetConnection.Connect.Success',
  ConnectRejected: 'NetConnection.Connect.Rejected',
  ConnectFailed: 'NetConnection.Connect.Failed',
  ConnectClosed: 'NetConnection.Connect.Closed',
  CallFailed: 'NetConnection.Call.Failed',
  PublishStart: 'NetStream.Publish.Start',
  PublishBadName: 'NetStream.Publish.BadName',
  PublishIdle: 'NetStream.Publish.Idle',
  UnpublishSuccess: 'NetStream.Unpublish.Success',
  PlayStart: 'NetStream.Play.Start',
  PlayReset: 'NetStream.Play.Reset',
  PlayStop: 'NetStream.Play.Stop',
  PlayFailed: 'NetStream.Play.Failed',
  PlayStreamNotFound: 'NetStream.Play.StreamNotFound',
  PlayUnpublishNotify: 'NetStream.Play.UnpublishNotify',
  PlayPublishNotify: 'NetStream.Play.PublishNotify',
  DataStart: 'NetStream.Data.Start',
} as const;

export type NetStatusCode = (typeof NetStatusCode)[keyof typeof NetStatusCode];

export type NetStatusLevel = 'status' | 'warning' | 'error';

export interface NetStatus {
  level: NetStatusLevel;
  code: string;
  description: string;
}

const errorCodes = new Set<string>([
  NetStatusCode.ConnectRejected,
  NetStatusCode.ConnectFailed,
  NetStatusCode.CallFailed,
  NetStatusCode.PublishBadName,
  NetStatusCode.PlayFailed,
  NetStatusCode.PlayStreamNotFound,
]);

/** An info object; the level follows from the code unless given. */
export function netStatus(code: string, description: string, level?: NetStatusLevel): NetStatus {
  return { level: level ?? (errorCodes.has(code) ? 'error' : 'status'), code, description };
}
