// HTTP-FLV through mpegts.js (MSE): no stash buffer, and it skips ahead when the buffer grows.
import mpegts from 'mpegts.js';
import { bufferedAhead, type StartPlayer } from './player';

export const startFlvPlayer: StartPlayer = (video, url, fail) => {
  if (!mpegts.isSupported()) {
    fail('no Media Source Extensions');
    return { latency: async () => undefined, stop: () => undefined };
  }
  const player = mpegts.createPlayer(
    { type: 'flv', isLive: true, url },
    { enableStashBuffer: false, liveBufferLatencyChasing: true, lazyLoad: false },
  );
  player.on(mpegts.Events.ERROR, (type: string, detail: string) => fail(`${type}: ${detail}`));
  player.attachMediaElement(video);
  player.load();
  void Promise.resolve(player.play()).catch(() => undefined);
  return {
    latency: async () => bufferedAhead(video),
    stop() {
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
    },
  };
};
