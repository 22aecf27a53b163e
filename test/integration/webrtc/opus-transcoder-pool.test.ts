// When the AAC → Opus transcoder cannot run, WebRTC readers keep their video: the lease reports
// why, the reason is logged once for the stream, and the stream's publisher is unaffected.
import { describe, expect, it } from 'vitest';
import { Stream } from '../../../src/main/engine/core/stream';
import { collectingLogger } from '../../../src/main/engine/log';
import { buildAudioSpecificConfig } from '../../../src/main/engine/protocols/aac/audio-specific-config';
import { OpusTranscoderPool } from '../../../src/main/engine/servers/webrtc/opus-transcoder-pool';
import { waitFor } from '../../helpers/ffmpeg';

const aacStream = (objectType = 2) => new Stream({
  tracks: [
    { kind: 'video', codec: 'H264', clockRate: 90000 },
    { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: buildAudioSpecificConfig({ objectType, sampleRate: 48000, channelConfiguration: 2 }) },
  ],
});

describe('OpusTranscoderPool failures', () => {
  it('without FFmpeg: the lease says why, the log says it once, writes go on', async () => {
    const log = collectingLogger();
    const pool = new OpusTranscoderPool(log, async () => ({ error: 'FFmpeg not found (PATH: no ffmpeg)' }));
    const stream = aacStream();
    const a = pool.lease(stream, 1, 'cam', () => {});
    const b = pool.lease(stream, 1, 'cam', () => {});
    await waitFor(() => a.status().state === 'unavailable', 'lease unavailable', 20, 50);
    expect(b.status()).toEqual({ state: 'unavailable', reason: 'FFmpeg not found (PATH: no ffmpeg)' });
    expect(log.messages('warn').filter((m) => /video only.*FFmpeg not found/.test(m))).toHaveLength(1);
    stream.writeUnit({ track: 1, dts: 0, pts: 0, key: true, payload: Buffer.alloc(10) });
    a.release();
    b.release();
    expect(pool.size).toBe(0);
    await pool.closeAll();
  });

  it('with a binary that does not start: the supervisor reports failed, nothing is left running', async () => {
    const log = collectingLogger();
    const pool = new OpusTranscoderPool(log, async () => ({ path: '/nonexistent/ffmpeg' }));
    const stream = aacStream();
    const lease = pool.lease(stream, 1, 'cam', () => {});
    await waitFor(() => lease.status().state === 'failed', 'supervisor failed', 50, 100);
    expect(String((lease.status() as { reason: string }).reason)).toMatch(/cannot start \/nonexistent\/ffmpeg/);
    stream.writeUnit({ track: 1, dts: 0, pts: 0, key: true, payload: Buffer.alloc(10) });
    lease.release();
    await pool.closeAll();
  });

  it('AAC that ADTS cannot carry (object type 6) is refused up front', async () => {
    const log = collectingLogger();
    const pool = new OpusTranscoderPool(log, async () => ({ path: 'ffmpeg' }));
    const lease = pool.lease(aacStream(6), 1, 'cam', () => {});
    await waitFor(() => lease.status().state === 'unavailable', 'lease unavailable', 20, 50);
    expect(String((lease.status() as { reason: string }).reason)).toMatch(/ADTS cannot carry AAC object type 6/);
    lease.release();
    await pool.closeAll();
  });
});
