// Run by orphan.test.ts in its own Node process: a supervisor with a long-running FFmpeg, the
// way the engine holds one. Prints the FFmpeg PID, then waits to be killed.
import { nullLogger } from '../../../src/main/engine/log';
import { FfmpegSupervisor } from '../../../src/main/engine/pipelines/supervisor';

const marker = process.argv[2];
const s = new FfmpegSupervisor({
  name: 'orphan', ffmpegPath: '/usr/bin/ffmpeg', log: nullLogger(),
  args: ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-metadata', `comment=${marker}`, '-f', 'null', '-'],
});
s.on('state', (st) => {
  if (st.state === 'running') process.stdout.write(`ffmpeg ${st.pid}\n`);
});
s.start();
setInterval(() => { /* stay alive until killed */ }, 1000);
