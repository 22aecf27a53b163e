// A viewer's PLI on a path published over RTMP (which cannot be asked for a keyframe) is answered
// from the GOP cache: that viewer gets the cached keyframe and its GOP again at once, with
// timestamps that continue where they were (no jump by the GOP's age);
// other viewers are not touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/ffmpeg';
import { wheperiftClient } from './clients';
import { publishedEngine, type PublishedEngine } from './published-engine';

describe('PLI answered from the GOP cache', () => {
  let t: PublishedEngine;

  // A 20 s GOP: without the cache a viewer that lost its picture would wait up to 20 s.
  beforeAll(async () => { t = await publishedEngine({ cam: { audio: false, extra: ['-g', '600', '-keyint_min', '600', '-sc_threshold', '0'] } }); });
  afterAll(async () => { await t?.stop(); });

  it('sends the cached keyframe again to the viewer that asked', async () => {
    // A first viewer starts the peer worker threads (it is served by the main thread while they
    // load); the two viewers under test then run in the workers, where the replay's timeline
    // changes travel in order with the packets (media-batch.ts).
    const first = await wheperiftClient(t.whep('cam'));
    t.clients.push(first);
    await waitFor(() => first.frames > 60, 'the first viewer plays for 2 s', 100, 100);
    const [asker, other] = await Promise.all([wheperiftClient(t.whep('cam')), wheperiftClient(t.whep('cam'))]);
    t.clients.push(asker, other);
    await waitFor(() => asker.frames > 30 && other.frames > 30, 'both play', 100, 100);
    expect(asker.keyframes).toBe(1);
    asker.maxTsJump = 0;
    await asker.sendPli();
    await waitFor(() => asker.keyframes === 2, 'a second keyframe after the PLI', 30, 100);
    const info = t.engine.conns('webrtcsessions')!.list().find((s) => s.id === String(asker.reply.headers.location).split('/').pop());
    expect(info?.keyframesReplayed).toBe(1);
    // Normally a worker; on a loaded machine the workers may still be loading werift after 2 s,
    // and then the main thread serves the viewer (the replay must work there just the same).
    expect(info?.peerThread).toMatch(/^(webrtc-peers-\d+|main)$/);
    const framesAfter = asker.frames;
    await new Promise((r) => setTimeout(r, 1000));
    // Live frames go on after the replay, in order and without holes.
    expect(asker.frames - framesAfter).toBeGreaterThan(15);
    // Had the live packets kept the replay's offsets, their timestamps would jump ahead by the
    // GOP's age (seconds, > 90000 ticks; checked by removing the second replaceRTP). A 30 fps
    // frame is 3000 ticks. Sequence numbers cannot tell: the replay is a burst, and loopback
    // under load drops part of it (the viewer NACKs), which looks like a jump too.
    expect(asker.maxTsJump).toBeLessThan(45_000);
    expect(other.keyframes).toBe(1);

    // A burst of PLIs (browsers repeat them) costs one replay per second.
    await asker.sendPli();
    await asker.sendPli();
    await new Promise((r) => setTimeout(r, 300));
    expect(asker.keyframes).toBeLessThanOrEqual(3);
  }, 40_000);
});
