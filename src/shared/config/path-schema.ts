// Path settings: what `pathDefaults:` holds and what each entry under `paths:` may override.
// Key names and order follow MediaMTX's reference mediamtx.yml, plus the legacy per-path
// credentials (publishUser … readIPs) and `fallback` from older MediaMTX versions.

import { z } from 'zod';
import {
  duration,
  enumValue,
  field,
  flag,
  intValue,
  ipList,
  numberListValue,
  numberValue,
  objectListValue,
  secret,
  size,
  text,
  textOrNumberValue,
  textValue,
} from './fields';
import { AlwaysAvailableTrackSchema, ForwardTargetSchema } from './item-schemas';
import { checkPathName } from './path-name';

export const RECORD_FORMATS = ['fmp4', 'mpegts'] as const;
export const RTSP_SOURCE_TRANSPORTS = ['automatic', 'udp', 'multicast', 'tcp'] as const;
export const RTSP_RANGE_TYPES = ['', 'clock', 'npt', 'smpte'] as const;

/** URL schemes MediaMTX accepts as a path source. */
export const SOURCE_URL_SCHEMES = [
  'rtsp', 'rtsps', 'rtsp+http', 'rtsps+http', 'rtsp+ws', 'rtsps+ws',
  'rtmp', 'rtmps', 'http', 'https',
  'udp', 'udp+mpegts', 'unix+mpegts', 'udp+rtp',
  'srt', 'whep', 'wheps', 'moqt',
] as const;

export function sourceScheme(source: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source);
  return m ? m[1].toLowerCase() : undefined;
}

function checkSource(source: string): string | undefined {
  if (source === 'publisher' || source === 'redirect' || source === 'rpiCamera') return undefined;
  const scheme = sourceScheme(source);
  if (scheme === undefined || !(SOURCE_URL_SCHEMES as readonly string[]).includes(scheme)) {
    return 'must be publisher, redirect, rpiCamera or a URL: rtsp://, rtsps://, rtmp://, rtmps://, http(s)://….m3u8, srt://, udp+mpegts://, whep(s)://…';
  }
  try {
    // $G1 / $MTX_QUERY placeholders are replaced later; they are valid URL characters already.
    new URL(source);
  } catch {
    return `is not a valid ${scheme}:// URL`;
  }
  return undefined;
}

function checkFallback(s: string): string | undefined {
  if (s === '') return undefined;
  if (s.startsWith('/')) {
    const reason = checkPathName(s.slice(1));
    return reason === undefined ? undefined : `fallback path: ${reason}`;
  }
  return /^rtsps?:\/\//.test(s) ? undefined : 'must be a path such as /otherstream or an rtsp:// URL';
}

const hook = (description: string) => text('', description);
const restart = (hookName: string) => flag(false, `Restart ${hookName} if it exits.`);
const rpiText = (def: string, description: string) => text(def, description);
const rpiNumber = (def: number, description: string) => field(numberValue(), def, description);
const rpiInt = (def: number, description: string) => field(intValue(), def, description);

export const PathConfSchema = z.object({
  // ---- General
  source: field(
    textValue({ test: checkSource, allowed: 'publisher, redirect, rpiCamera or a source URL (rtsp://, rtmp://, http(s)://….m3u8, …)' }),
    'publisher',
    'Where the stream comes from: "publisher" (a client pushes it) or a URL to pull from.',
  ),
  sourceFingerprint: text('', 'SHA-256 fingerprint of a self-signed source certificate.'),
  sourceOnDemand: flag(false, 'Pull the source only while someone is reading.'),
  sourceOnDemandStartTimeout: duration('10s', 'How long readers wait for an on-demand source to start.', { positive: true }),
  sourceOnDemandCloseAfter: duration('10s', 'Close an on-demand source this long after the last reader left.'),
  maxReaders: field(intValue({ min: 0 }), 0, 'Maximum number of readers; 0 means no limit.'),
  srtReadPassphrase: secret('SRT passphrase needed to read this path.'),
  fallback: field(textValue({ test: checkFallback, allowed: 'a path such as /otherstream or an rtsp:// URL' }), '', 'Where readers are redirected while the stream is not available.'),
  useAbsoluteTimestamp: flag(false, 'Keep the source\'s absolute timestamps instead of the arrival time.'),

  // ---- Always available
  alwaysAvailable: flag(false, 'Play an offline segment on repeat while the stream is not available.'),
  alwaysAvailableTracks: field(objectListValue(AlwaysAvailableTrackSchema, 'a list of {codec, sampleRate, channelCount, muLaw}'), [], 'Tracks of the default offline segment.'),
  alwaysAvailableFile: text('', 'MP4 file used as the offline segment.'),

  // ---- Forward (restream)
  forward: field(
    objectListValue(ForwardTargetSchema, 'a list of {dest: URL}'),
    [],
    'Restream this path to other servers: list of {dest} with rtmp(s)://, rtsp(s)://, srt:// or whip(s):// URLs.',
  ),

  // ---- Record
  record: flag(false, 'Record the stream to disk.'),
  recordPath: text('./recordings/%path/%Y-%m-%d_%H-%M-%S-%f', 'Recording file path without extension; %path, %Y %m %d %H %M %S %f %z %s are replaced.'),
  recordFormat: field(enumValue(RECORD_FORMATS), 'fmp4', 'Recording format: fmp4 (fragmented MP4) or mpegts.'),
  recordPartDuration: duration('1s', 'How often recorded data is flushed to disk (what a crash can lose).', { positive: true }),
  recordMaxPartSize: size('50M', 'Largest part kept in memory before flushing.'),
  recordSegmentDuration: duration('1h', 'Minimum duration of each recording file.', { positive: true }),
  recordDeleteAfter: duration('1d', 'Delete recordings older than this; 0s keeps them forever.'),

  // ---- Publisher source
  overridePublisher: flag(true, 'Let a new publisher replace the current one.'),
  srtPublishPassphrase: secret('SRT passphrase needed to publish to this path.'),
  rtspDemuxMpegts: flag(false, 'Split MPEG-TS carried over RTSP into its elementary streams.'),

  // ---- Legacy per-path credentials (MediaMTX < 1.8; cannot be mixed with a custom authInternalUsers)
  publishUser: text('', 'Legacy: user name needed to publish (plain or sha256:BASE64).'),
  publishPass: secret('Legacy: password needed to publish (plain or sha256:BASE64).'),
  publishIPs: ipList('Legacy: IPs or CIDR ranges allowed to publish; empty means any.'),
  readUser: text('', 'Legacy: user name needed to read (plain or sha256:BASE64).'),
  readPass: secret('Legacy: password needed to read (plain or sha256:BASE64).'),
  readIPs: ipList('Legacy: IPs or CIDR ranges allowed to read; empty means any.'),

  // ---- RTSP source
  rtspTransport: field(enumValue(RTSP_SOURCE_TRANSPORTS), 'automatic', 'Transport used to pull an RTSP source: automatic, udp, multicast or tcp.'),
  rtspAnyPort: flag(false, 'Accept RTP from any port of an RTSP source (needed by some cameras; less safe).'),
  rtspRangeType: field(enumValue(RTSP_RANGE_TYPES), '', 'Range header sent to an RTSP source: clock, npt, smpte, or empty for none.'),
  rtspRangeStart: text('', 'Start of the Range header (e.g. 20230812T120000Z for clock, 300ms for npt).'),
  rtspScale: field(textOrNumberValue('a number or text such as 2 or 0.5'), '', 'Scale header sent to an RTSP source (play speed); empty for none.'),
  rtspUDPSourcePortRange: field(numberListValue({ length: 2, allowed: 'two port numbers [first, last]' }), [32768, 60999], 'Local UDP ports used to receive an RTSP source.'),

  // ---- RTP source
  rtpSDP: text('', 'SDP describing an RTP source.'),

  // ---- MoQ source
  moqTransport: text('quic', 'Transport used to pull a MoQ source: quic or webtransport.', { allowed: 'quic or webtransport' }),

  // ---- WHEP source
  whepBearerToken: secret('Token sent as "Authorization: Bearer" to a WHEP source.'),
  whepSTUNGatherTimeout: duration('5s', 'Maximum time to gather STUN candidates for a WHEP source.'),
  whepHandshakeTimeout: duration('10s', 'Maximum time for the handshake with a WHEP source.'),
  whepTrackGatherTimeout: duration('2s', 'Maximum time to gather the tracks of a WHEP source.'),

  // ---- Redirect source
  sourceRedirect: text('', 'Where readers are sent when source is "redirect": /otherpath or an rtsp:// URL.'),

  // ---- Raspberry Pi camera source (types as MediaMTX; values are checked by the camera itself)
  rpiCameraCamID: rpiInt(0, 'Camera ID.'),
  rpiCameraSecondary: flag(false, 'Whether this is a secondary stream.'),
  rpiCameraWidth: rpiInt(1920, 'Frame width.'),
  rpiCameraHeight: rpiInt(1080, 'Frame height.'),
  rpiCameraHFlip: flag(false, 'Flip horizontally.'),
  rpiCameraVFlip: flag(false, 'Flip vertically.'),
  rpiCameraBrightness: rpiNumber(0, 'Brightness [-1, 1].'),
  rpiCameraContrast: rpiNumber(1, 'Contrast [0, 16].'),
  rpiCameraSaturation: rpiNumber(1, 'Saturation [0, 16].'),
  rpiCameraSharpness: rpiNumber(1, 'Sharpness [0, 16].'),
  rpiCameraExposure: rpiText('normal', 'Exposure mode: normal, short, long or custom.'),
  rpiCameraAWB: rpiText('auto', 'White balance: auto, incandescent, tungsten, fluorescent, indoor, daylight, cloudy or custom.'),
  rpiCameraAWBGains: field(numberListValue({ length: 2, allowed: 'two numbers [red, blue]' }), [0, 0], 'Fixed white-balance gains [red, blue].'),
  rpiCameraDenoise: field(textValue(), 'off', 'Denoise mode: off, cdn_off, cdn_fast or cdn_hq.', { allowed: 'off, cdn_off, cdn_fast or cdn_hq' }),
  rpiCameraShutter: rpiInt(0, 'Fixed shutter speed in microseconds; 0 is automatic.'),
  rpiCameraMetering: rpiText('centre', 'Metering mode: centre, spot, matrix or custom.'),
  rpiCameraGain: rpiNumber(0, 'Fixed gain; 0 is automatic.'),
  rpiCameraEV: rpiNumber(0, 'EV compensation [-10, 10].'),
  rpiCameraROI: rpiText('', 'Region of interest x,y,width,height (normalized 0–1).'),
  rpiCameraHDR: flag(false, 'Enable HDR (Camera Module 3).'),
  rpiCameraTuningFile: rpiText('', 'Tuning file.'),
  rpiCameraMode: rpiText('', 'Sensor mode width:height[:bit-depth[:packing]].'),
  rpiCameraFPS: rpiNumber(30, 'Frames per second.'),
  rpiCameraAfMode: rpiText('continuous', 'Autofocus mode: auto, manual or continuous.'),
  rpiCameraAfRange: rpiText('normal', 'Autofocus range: normal, macro or full.'),
  rpiCameraAfSpeed: rpiText('normal', 'Autofocus speed: normal or fast.'),
  rpiCameraLensPosition: rpiNumber(0, 'Lens position for manual focus (1 / distance in m).'),
  rpiCameraAfWindow: rpiText('', 'Autofocus window x,y,width,height (normalized 0–1).'),
  rpiCameraFlickerPeriod: rpiInt(0, 'Manual flicker correction period in microseconds.'),
  rpiCameraTextOverlayEnable: flag(false, 'Print a text on each frame.'),
  rpiCameraTextOverlay: rpiText('%Y-%m-%d %H:%M:%S - MediaMTX', 'Overlay text (strftime format).'),
  rpiCameraCodec: rpiText('auto', 'Codec: auto, hardwareH264, softwareH264 or mjpeg.'),
  rpiCameraIDRPeriod: rpiInt(60, 'Frames between IDR frames.'),
  rpiCameraBitrate: rpiInt(5000000, 'Bitrate in bit/s.'),
  rpiCameraH264Profile: rpiText('auto', 'H.264 profile: auto, baseline, main or high.'),
  rpiCameraH264Level: rpiText('4.1', 'H.264 level: 4.0, 4.1 or 4.2.'),
  rpiCameraMJPEGQuality: rpiInt(60, 'M-JPEG quality (0–100).'),

  // ---- Hooks (env: MTX_PATH, MTX_QUERY, RTSP_PORT, G1, G2…)
  runOnInit: hook('Command run when the path is set up (e.g. to publish into it); stopped on exit.'),
  runOnInitRestart: restart('runOnInit'),
  runOnDemand: hook('Command run when a reader asks for the path and nobody publishes yet; stopped when readers leave.'),
  runOnDemandRestart: restart('runOnDemand'),
  runOnDemandStartTimeout: duration('10s', 'How long readers wait for runOnDemand to start publishing.', { positive: true }),
  runOnDemandCloseAfter: duration('10s', 'Stop runOnDemand this long after the last reader left.'),
  runOnUnDemand: hook('Command run when the last reader left.'),
  runOnAvailable: hook('Command run when the stream becomes available (old name: runOnReady); stopped when it is gone.'),
  runOnAvailableRestart: restart('runOnAvailable'),
  runOnUnavailable: hook('Command run when the stream is no longer available (old name: runOnNotReady).'),
  runOnOnline: hook('Command run when the stream is online from a real source (not an offline segment).'),
  runOnOnlineRestart: restart('runOnOnline'),
  runOnOffline: hook('Command run when the stream goes offline.'),
  runOnRead: hook('Command run when a client starts reading (env adds MTX_READER_TYPE, MTX_READER_ID).'),
  runOnReadRestart: restart('runOnRead'),
  runOnUnread: hook('Command run when a client stops reading.'),
  runOnRecordSegmentCreate: hook('Command run when a recording segment is created (env adds MTX_SEGMENT_PATH).'),
  runOnRecordSegmentComplete: hook('Command run when a recording segment is complete (env adds MTX_SEGMENT_PATH, MTX_SEGMENT_DURATION).'),
});

export type PathConf = z.output<typeof PathConfSchema>;
export type PathKey = keyof PathConf;
