// Strings for the encrypted listeners (RTSPS, RTMPS, HTTPS): extra URL fields on Streams and Home,
// the Playback group and the Chinese help of the encryption settings (merged in ./strings.ts and
// ./settings-strings.ts).
export const encryptionEn = {
  obsServerTls: 'Server (RTMPS, encrypted)',
  play_rtmps: 'RTMPS play (encrypted)',
  play_rtsps: 'RTSPS play (encrypted)',
  settings_group_playback: 'Playback (recordings)',
};

export const encryptionZh: typeof encryptionEn = {
  obsServerTls: '服务器（RTMPS，加密）',
  play_rtmps: 'RTMPS 播放（加密）',
  play_rtsps: 'RTSPS 播放（加密）',
  settings_group_playback: '回放（录制）',
};

const key = '证书私钥文件路径（PEM），仅在启用加密时使用。';
const cert = '证书文件路径（PEM），仅在启用加密时使用。';

/** Chinese help of the encryption settings shown on the Ports tab (English comes from the schema). */
export const ENCRYPTION_FIELD_DESCRIPTIONS_ZH: Record<string, string> = {
  rtspEncryption: 'RTSPS：no（不加密）、strict（只加密）或 optional（两者都提供）。',
  rtspsAddress: 'RTSPS 监听地址（TCP），rtspEncryption 为 strict 或 optional 时使用。',
  rtspServerKey: key,
  rtspServerCert: cert,
  rtmpEncryption: 'RTMPS：no（不加密）、strict（只加密）或 optional（两者都提供）。',
  rtmpsAddress: 'RTMPS 监听地址（TCP），rtmpEncryption 为 strict 或 optional 时使用。',
  rtmpServerKey: key,
  rtmpServerCert: cert,
  hlsEncryption: '通过 HTTPS 提供 HLS（Apple 设备上的低延迟 HLS 需要它）。',
  hlsServerKey: key,
  hlsServerCert: cert,
  webrtcEncryption: '通过 HTTPS 提供 WebRTC 的 HTTP 监听器（WHIP/WHEP 和播放页）。',
  webrtcServerKey: key,
  webrtcServerCert: cert,
  playback: '启用回放服务器（播放和下载录制）。',
  playbackAddress: '回放服务器监听地址（HTTP）。',
  playbackEncryption: '通过 HTTPS 提供回放。',
  playbackServerKey: key,
  playbackServerCert: cert,
  apiEncryption: '通过 HTTPS 提供控制 API。',
  apiServerKey: key,
  apiServerCert: cert,
  metricsEncryption: '通过 HTTPS 提供监控指标。',
  metricsServerKey: key,
  metricsServerCert: cert,
};
