// Checks that involve more than one setting (the per-key checks live in the schema). They mirror
// MediaMTX's conf.Validate, so a file Relaybox accepts is one MediaMTX accepts too.

import { jsonEqual } from './json';
import type { KeyPath } from './issues';
import { DEFAULT_AUTH_INTERNAL_USERS } from './global-schema';
import { isAllOthersName } from './path-name';
import type { Config, PathConf } from './schema';

export type CheckReporter = (severity: 'error' | 'warning', path: KeyPath, reason: string) => void;

const LEGACY_CREDENTIAL_KEYS = ['publishUser', 'publishPass', 'publishIPs', 'readUser', 'readPass', 'readIPs'] as const;

function usesLegacyCredentials(conf: Partial<PathConf>): (typeof LEGACY_CREDENTIAL_KEYS)[number] | undefined {
  return LEGACY_CREDENTIAL_KEYS.find((k) => {
    const v = conf[k];
    return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  });
}

function checkListeners(config: Config, report: CheckReporter): void {
  const need = (enabled: boolean, key: keyof Config & string, why: string) => {
    if (enabled && config[key] === '') report('error', [key], `must be set when ${why}`);
  };
  const rtspPlain = config.rtsp && config.rtspEncryption !== 'strict';
  need(rtspPlain, 'rtspAddress', 'rtsp is enabled and rtspEncryption is "no" or "optional"');
  need(rtspPlain && config.rtspTransports.includes('udp'), 'rtpAddress', 'udp is in rtspTransports');
  need(rtspPlain && config.rtspTransports.includes('udp'), 'rtcpAddress', 'udp is in rtspTransports');
  need(config.rtsp && config.rtspEncryption !== 'no', 'rtspsAddress', 'rtspEncryption is "strict" or "optional"');
  need(config.rtmp && config.rtmpEncryption !== 'strict', 'rtmpAddress', 'rtmp is enabled');
  need(config.rtmp && config.rtmpEncryption !== 'no', 'rtmpsAddress', 'rtmpEncryption is "strict" or "optional"');
  need(config.hls, 'hlsAddress', 'hls is enabled');
  need(config.webrtc, 'webrtcAddress', 'webrtc is enabled');
  need(config.api, 'apiAddress', 'api is enabled');
  need(config.metrics, 'metricsAddress', 'metrics is enabled');
  if (config.webrtc && config.webrtcLocalUDPAddress === '' && config.webrtcLocalTCPAddress === '' && config.webrtcICEServers2.length === 0) {
    report('error', ['webrtcLocalUDPAddress'], 'WebRTC needs webrtcLocalUDPAddress, webrtcLocalTCPAddress or webrtcICEServers2 to reach clients');
  }
}

function checkPathConf(name: string | undefined, own: Partial<PathConf>, resolved: PathConf, report: CheckReporter): void {
  const base: KeyPath = name === undefined ? ['pathDefaults'] : ['paths', name];
  // Report a problem where the offending key is written: in the path, or inherited from pathDefaults.
  const at = (key: keyof PathConf): KeyPath => (name !== undefined && !(key in own) ? ['pathDefaults', key] : [...base, key]);

  for (const [user, pass] of [['publishUser', 'publishPass'], ['readUser', 'readPass']] as const) {
    if ((resolved[user] === '') !== (resolved[pass] === '')) {
      const [given, missing] = resolved[user] === '' ? [pass, user] : [user, pass];
      report('error', at(given), `${missing} must be set too; ${user} and ${pass} go together`);
    }
  }
  if (resolved.source === 'redirect' && resolved.sourceRedirect === '') {
    report('error', at('sourceRedirect'), 'must be set when source is "redirect"');
  }
  if (resolved.runOnDemand !== '' && resolved.source !== 'publisher') {
    report('error', at('runOnDemand'), 'can be used only when source is "publisher"');
  }
  if (name !== undefined && resolved.runOnInit !== '' && (name.startsWith('~') || isAllOthersName(name))) {
    report('error', at('runOnInit'), `cannot be used on a path matching many names ("${name}"); use a named path`);
  }
  if (resolved.sourceOnDemand && resolved.source === 'publisher' && (name === undefined || 'sourceOnDemand' in own)) {
    report('warning', at('sourceOnDemand'), 'has no effect when source is "publisher"');
  }
}

/** Runs every cross-setting check; positions are resolved by the reporter. */
export function checkConfig(config: Config, report: CheckReporter): void {
  checkListeners(config, report);

  // MediaMTX: "authInternalUsers and legacy credentials … cannot be used together" (DESIGN §2: not mixed).
  const legacy =
    usesLegacyCredentials(config.pathDefaults) !== undefined
      ? ['pathDefaults', usesLegacyCredentials(config.pathDefaults)!]
      : Object.entries(config.paths)
          .map(([name, conf]) => [name, usesLegacyCredentials(conf)] as const)
          .filter(([, key]) => key !== undefined)
          .map(([name, key]) => ['paths', name, key!])[0];
  if (legacy && !jsonEqual(config.authInternalUsers, DEFAULT_AUTH_INTERNAL_USERS)) {
    report('error', legacy, 'legacy per-path credentials cannot be combined with a custom authInternalUsers list; move them into authInternalUsers');
  }

  const seen = new Set<string>();
  const dedupe: CheckReporter = (severity, path, reason) => {
    const id = `${path.join('\u0000')}\u0001${reason}`;
    if (seen.has(id)) return;
    seen.add(id);
    report(severity, path, reason);
  };
  checkPathConf(undefined, config.pathDefaults, config.pathDefaults, dedupe);
  for (const [name, own] of Object.entries(config.paths)) {
    checkPathConf(name, own, { ...config.pathDefaults, ...own }, dedupe);
  }
}
