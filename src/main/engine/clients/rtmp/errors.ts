// Errors of the RTMP client. Messages name the role and the target without credentials, so they
// can go straight into a log line or a path's lastError:
//   RTMP forward to 127.0.0.1:1935/live/x refused: NetStream.Publish.BadName (stream name already in use)

export class RtmpClientError extends Error {
  override readonly name = 'RtmpClientError';
  constructor(
    message: string,
    /** The NetConnection/NetStream status code the server answered with, if that was the cause. */
    readonly statusCode?: string,
  ) {
    super(message);
  }
}

/** "NetStream.Publish.BadName (stream name already in use)"; the description only when it adds something. */
export function describeStatus(code: string, description: string): string {
  const d = description.trim();
  return d && d !== code ? `${code} (${d})` : code || 'no status code';
}
