// `source: rtsp://…` (and rtsps://): pulls a remote stream with our RTSP play client and
// publishes it on the path (MediaMTX internal/staticsources/rtsp). Transport per rtspTransport,
// credentials from the URL, rtspAnyPort and rtspUDPSourcePortRange for UDP, sourceFingerprint
// for rtsps, rtspRangeType/rtspRangeStart/rtspScale for recorded sources. Reconnecting is the
// sources manager's job: this runs one connection.
import { parseDuration, type PathConf } from '../../../shared/config';
import { ParameterSetWait, RtspPlayClient } from '../clients/rtsp';
import { buildRange } from '../protocols/rtsp/headers/range';
import type { SourceDriver } from './driver';

/** PLAY's Range header from rtspRangeType/rtspRangeStart (RFC 2326 §12.29), as MediaMTX sends it. */
export function sourceRange(conf: Pick<PathConf, 'rtspRangeType' | 'rtspRangeStart'>): string | undefined {
  const start = conf.rtspRangeStart;
  switch (conf.rtspRangeType) {
    case 'clock':
      // §3.7 absolute time, e.g. 20230812T120000Z.
      return `clock=${start}-`;
    case 'npt':
      return buildRange({ kind: 'npt', start: start === '' ? 0 : parseDuration(start) / 1000 });
    case 'smpte': {
      // §3.5 SMPTE relative time, hh:mm:ss.
      const s = start === '' ? 0 : Math.floor(parseDuration(start) / 1000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `smpte=${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}-`;
    }
    default:
      return undefined;
  }
}

export const rtspSourceDriver: SourceDriver = async (ctx) => {
  const { conf } = ctx;
  const client = new RtspPlayClient({
    url: ctx.url,
    role: 'source',
    log: ctx.log,
    signal: ctx.signal,
    transport: conf.rtspTransport,
    anyPort: conf.rtspAnyPort,
    udpPortRange: conf.rtspUDPSourcePortRange,
    fingerprint: conf.sourceFingerprint || undefined,
    range: sourceRange(conf),
    scale: conf.rtspScale === '' ? undefined : String(conf.rtspScale),
    onBytesIn: (n) => ctx.addBytes(n),
  });
  try {
    const tracks = await client.describe();
    const params = new ParameterSetWait(tracks);
    let stream = params.complete ? ctx.publish(tracks) : undefined;
    if (!stream) ctx.log.info('the source sends its parameter sets in-band only: publishing at the first keyframe');
    await client.play((au) => {
      if (!stream) {
        if (!params.accept(au)) return;
        try {
          stream = ctx.publish(tracks);
        } catch (err) {
          client.fail(err as Error);
          return;
        }
      }
      stream.writeUnit(au);
    });
    await client.wait();
  } catch (err) {
    // Stopping is not a failure: the manager asked for it.
    if (ctx.signal.aborted) return;
    throw err;
  } finally {
    await client.close();
  }
};
