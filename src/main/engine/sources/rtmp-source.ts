// `source: rtmp://…` / `rtmps://…`: pulls a remote RTMP stream with the native client and
// publishes it into the path (mediamtx internal/staticsources/rtmp). Credentials ride in the
// URL query (?user=U&pass=P) and never reach a log line; rtmps verifies the certificate unless
// `sourceFingerprint` pins a self-signed one.
import { describeTracks } from '../servers/rtmp/conn';
import { RtmpPlayer } from '../clients/rtmp';
import type { Stream } from '../core/stream';
import type { SourceDriver } from './driver';

export const rtmpSourceDriver: SourceDriver = async (ctx) => {
  let stream: Stream | undefined;
  const player = await RtmpPlayer.open(
    ctx.url,
    {
      tracks: (tracks) => {
        stream = ctx.publish(tracks);
        ctx.log.info(`ready: ${describeTracks(tracks)}`);
      },
      unit: (au) => stream?.writeUnit(au),
      warn: (message) => ctx.log.warn(message),
    },
    {
      label: 'RTMP source',
      signal: ctx.signal,
      fingerprint: ctx.conf.sourceFingerprint || undefined,
      onBytes: (n) => ctx.addBytes(n),
    },
  );
  ctx.log.debug(`playing ${player.connection.url.display}`);
  const reason = await player.ended;
  if (ctx.signal.aborted) return;
  throw new Error(`RTMP source ${player.connection.url.display}: ${reason}`);
};
