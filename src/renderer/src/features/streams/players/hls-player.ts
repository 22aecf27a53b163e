// HLS through hls.js (MSE), or the browser's own HLS (Safari). Low-latency mode follows LL-HLS
// parts when the server makes them (hlsVariant lowLatency).
import Hls from 'hls.js';
import { bufferedAhead, type StartPlayer } from './player';

export const startHlsPlayer: StartPlayer = (video, url, fail) => {
  if (!Hls.isSupported()) {
    if (!video.canPlayType('application/vnd.apple.mpegurl')) {
      fail('no Media Source Extensions and no native HLS');
      return { latency: async () => undefined, stop: () => undefined };
    }
    video.src = url;
    void video.play().catch(() => undefined);
    return { latency: async () => bufferedAhead(video), stop: () => { video.removeAttribute('src'); video.load(); } };
  }
  // Workers would load from blob: URLs, which the page's CSP does not allow.
  const hls = new Hls({ lowLatencyMode: true, enableWorker: false, liveSyncDurationCount: 2 });
  hls.on(Hls.Events.ERROR, (_e, data) => { if (data.fatal) fail(`${data.type}: ${data.details}`); });
  hls.loadSource(url);
  hls.attachMedia(video);
  void video.play().catch(() => undefined);
  return {
    // hls.js measures the distance to the live edge of the playlist.
    latency: async () => (Number.isFinite(hls.latency) && hls.latency > 0 ? hls.latency : bufferedAhead(video)),
    stop: () => hls.destroy(),
  };
};
