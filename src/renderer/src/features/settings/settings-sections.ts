// Which settings each Settings tab shows. The fields themselves (kind, default, allowed values,
// description) come from the config schema (src/shared/config describeConfigFields); this file
// only groups keys. Every global key not placed in a named group lands in "Advanced", so a key
// added to the schema is editable without touching the UI.
import { describeConfigFields, type ConfigScope, type FieldInfo } from '../../../../shared/config';

export type SectionId = 'general' | 'ports' | 'security' | 'paths' | 'recording' | 'advanced';

export type GroupId =
  | 'general' | 'rtsp' | 'rtmp' | 'hls' | 'webrtc' | 'playback' | 'api' | 'metrics' | 'auth' | 'credentials' | 'recording' | 'advanced';

export interface SettingsGroup {
  /** Translation key suffix of the group heading (settings_group_<id>). */
  id: GroupId;
  scope: ConfigScope;
  keys: readonly string[];
}

export interface SettingsSection {
  id: SectionId;
  groups: readonly SettingsGroup[];
}

/** An encryption switch with the key and certificate files it needs, right after it. */
const tls = (prefix: string, extra: readonly string[] = []) => [`${prefix}Encryption`, ...extra, `${prefix}ServerKey`, `${prefix}ServerCert`];

/**
 * Ports and enable switches, one group per protocol (issue 9: "ports and enable switches per
 * protocol"), each with its encryption switch and TLS files (RTSPS, RTMPS, HTTPS).
 */
const PORT_GROUPS: SettingsGroup[] = [
  { id: 'rtsp', scope: 'global', keys: ['rtsp', 'rtspAddress', 'rtspTransports', 'rtpAddress', 'rtcpAddress', ...tls('rtsp', ['rtspsAddress'])] },
  { id: 'rtmp', scope: 'global', keys: ['rtmp', 'rtmpAddress', ...tls('rtmp', ['rtmpsAddress'])] },
  { id: 'hls', scope: 'global', keys: ['hls', 'hlsAddress', ...tls('hls'), 'hlsVariant', 'hlsSegmentCount', 'hlsSegmentDuration', 'hlsPartDuration', 'hlsAlwaysRemux', 'hlsAllowOrigins'] },
  { id: 'webrtc', scope: 'global', keys: ['webrtc', 'webrtcAddress', ...tls('webrtc'), 'webrtcLocalUDPAddress', 'webrtcAdditionalHosts'] },
  { id: 'playback', scope: 'global', keys: ['playback', 'playbackAddress', ...tls('playback')] },
  { id: 'api', scope: 'global', keys: ['api', 'apiAddress', ...tls('api')] },
  { id: 'metrics', scope: 'global', keys: ['metrics', 'metricsAddress', ...tls('metrics')] },
];

/** The encryption switch each TLS file field belongs to ("hlsServerKey" → "hlsEncryption"). */
export function encryptionSwitchOf(key: string): string | undefined {
  const m = /^(rtsp|rtmp|hls|webrtc|playback|api|metrics)Server(Key|Cert)$/.exec(key);
  return m ? `${m[1]}Encryption` : undefined;
}

const NAMED: SettingsSection[] = [
  { id: 'general', groups: [{ id: 'general', scope: 'global', keys: ['logLevel', 'logDestinations', 'logFile', 'readTimeout', 'writeTimeout', 'writeQueueSize'] }] },
  { id: 'ports', groups: PORT_GROUPS },
  {
    id: 'security',
    groups: [
      { id: 'auth', scope: 'global', keys: ['authMethod', 'authInternalUsers', 'rtspAuthMethods'] },
      { id: 'credentials', scope: 'path', keys: ['publishUser', 'publishPass', 'publishIPs', 'readUser', 'readPass', 'readIPs'] },
    ],
  },
  { id: 'paths', groups: [] },
  { id: 'recording', groups: [{ id: 'recording', scope: 'path', keys: ['record', 'recordPath', 'recordFormat', 'recordSegmentDuration', 'recordPartDuration', 'recordDeleteAfter'] }] },
];

/** Keys a path entry's editor shows (Settings → Paths), in this order. */
export const PATH_EDITOR_KEYS = [
  'source', 'sourceOnDemand', 'maxReaders', 'overridePublisher',
  'publishUser', 'publishPass', 'readUser', 'readPass',
  'record', 'forward',
] as const;

function placed(sections: readonly SettingsSection[], scope: ConfigScope): Set<string> {
  return new Set(sections.flatMap((s) => s.groups.filter((g) => g.scope === scope).flatMap((g) => g.keys)));
}

/** All tabs with their groups; "advanced" holds every remaining global key in schema order. */
export function settingsSections(fields: readonly FieldInfo[] = describeConfigFields()): SettingsSection[] {
  const used = placed(NAMED, 'global');
  const rest = fields.filter((f) => f.scope === 'global' && !used.has(f.key)).map((f) => f.key);
  return [...NAMED, { id: 'advanced', groups: [{ id: 'advanced', scope: 'global', keys: rest }] }];
}

/** Field info by scope and key, for the editors. */
export function fieldIndex(fields: readonly FieldInfo[] = describeConfigFields()): Map<string, FieldInfo> {
  return new Map(fields.map((f) => [`${f.scope}:${f.key}`, f]));
}
