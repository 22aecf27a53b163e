// H.265 over Enhanced RTMP (what OBS 30+ sends). Debian's FFmpeg 5.1 can neither write nor read
// enhanced FLV, so a minimal RTMP client publishes x265's real output as E-RTMP messages and a
// second one plays it back; the path must report H265 and the reader must get the same hvcC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { H265NalType, h265NalType } from '../../../src/main/engine/protocols/h265/nal-units';
import { hevcConfigNalu, parseHevcDecoderConfig } from '../../../src/main/engine/protocols/h265/hvcc';
import { parseFlvVideoTag } from '../../../src/main/engine/protocols/flv/video-tag';
import { setDataFrameMessage } from '../../../src/main/engine/protocols/rtmp/commands';
import { fourCcNumber } from '../../../src/main/engine/protocols/flv/script-tag';
import { rtmpMessageFromAccessUnit, rtmpSequenceStartMessage } from '../../../src/main/engine/protocols/rtmp/media-message';
import type { AccessUnit, VideoTrack } from '../../../src/main/engine/protocols/media/types';
import { rtmpFixture } from '../../fixtures/rtmp/load';
import { testConfig } from '../../helpers/engine';
import { waitFor } from '../../helpers/ffmpeg';
import { rtmpClient } from '../../helpers/rtmp-client';
import { hevcAccessUnits } from '../../fixtures/rtmp/hevc';


describe('Enhanced RTMP', () => {
  let engine: Engine;
  let port: number;
  beforeAll(async () => {
    const t = await testConfig();
    port = t.ports.rtmp;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterAll(async () => { await engine.stop(); });

  it('takes an H.265 publish and serves it as H.265 to an E-RTMP reader', async () => {
    const hvcc = parseHevcDecoderConfig(rtmpFixture('h265.hvcC.bin'));
    const track: VideoTrack = {
      kind: 'video', codec: 'H265', clockRate: 90000,
      vps: hevcConfigNalu(hvcc, H265NalType.Vps), sps: hevcConfigNalu(hvcc, H265NalType.Sps), pps: hevcConfigNalu(hvcc, H265NalType.Pps),
    };
    const units: AccessUnit[] = hevcAccessUnits(rtmpFixture('h265.hevc')).map((nalus, i) => ({
      track: 0, dts: i * 3600, pts: i * 3600, key: nalus.some((n) => { const t = h265NalType(n); return t >= 16 && t <= 23; }),
      nalus: nalus.filter((n) => h265NalType(n) < 32),
    }));
    const pub = await rtmpClient(port, 'live', 'hevc', 'publish');
    await waitFor(() => pub.statuses.includes('NetStream.Publish.Start'), 'publish start', 50, 50);
    // OBS announces its tracks in @setDataFrame first; video only here.
    pub.send(setDataFrameMessage({ videocodecid: fourCcNumber('hvc1'), width: 320, height: 240 }, 1));
    pub.send(rtmpSequenceStartMessage(track, 0, 1)!);
    for (const u of units) pub.send(rtmpMessageFromAccessUnit(u, track, 1));
    await waitFor(() => engine.paths.get('live/hevc')?.ready === true, 'ready', 50, 50);
    expect(engine.paths.get('live/hevc')?.tracks).toEqual(['H265']);

    const reader = await rtmpClient(port, 'live', 'hevc', 'play', ['hvc1']);
    await waitFor(() => reader.videoMessages >= 2, 'video at the reader', 50, 50);
    const start = parseFlvVideoTag(reader.firstVideo[0]);
    expect(start).toMatchObject({ enhanced: true, fourCc: 'hvc1', kind: 'sequenceStart' });
    const got = parseHevcDecoderConfig(start.data);
    expect(hevcConfigNalu(got, H265NalType.Sps)).toEqual(track.sps);
    const frame = parseFlvVideoTag(reader.firstVideo[1]);
    expect(frame).toMatchObject({ fourCc: 'hvc1', kind: 'codedFrames' });
    reader.close();
    pub.close();
  });
});
