// Listener names (the engine's ListenerStatus.label is English only).
export const listenersEn = {
  listener_rtsp: 'RTSP',
  listener_rtp: 'RTP (RTSP over UDP)',
  listener_rtcp: 'RTCP (RTSP over UDP)',
  listener_rtmp: 'RTMP',
  listener_hls: 'HLS + HTTP-FLV',
  listener_webrtc: 'WebRTC (WHIP/WHEP)',
  listener_webrtcUdp: 'WebRTC media (UDP)',
  listener_api: 'Control API',
  listener_metrics: 'Metrics',
  listener_playback: 'Playback (recordings)',
  listener_rtsps: 'RTSPS (RTSP over TLS)',
  listener_rtmps: 'RTMPS (RTMP over TLS)',
};

export const listenersZh: typeof listenersEn = {
  listener_rtsp: 'RTSP',
  listener_rtp: 'RTP（RTSP over UDP）',
  listener_rtcp: 'RTCP（RTSP over UDP）',
  listener_rtmp: 'RTMP',
  listener_hls: 'HLS + HTTP-FLV',
  listener_webrtc: 'WebRTC（WHIP/WHEP）',
  listener_webrtcUdp: 'WebRTC 媒体（UDP）',
  listener_api: '控制 API',
  listener_metrics: '监控指标',
  listener_playback: '回放（录制）',
  listener_rtsps: 'RTSPS（基于 TLS 的 RTSP）',
  listener_rtmps: 'RTMPS（基于 TLS 的 RTMP）',
};
