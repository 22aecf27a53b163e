// Coalesces the writes that one fan-out pass makes to a socket into a single writev. A
// publisher's 'data' event often completes several messages (a video frame and audio frames);
// each reader then costs one syscall per pass instead of one per message. The batch is flushed
// at the end of the current tick, so no latency is added.
import type { Socket } from 'node:net';

const corked: Socket[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  for (let i = 0; i < corked.length; i++) corked[i].uncork();
  corked.length = 0;
}

/** socket.write with per-tick batching; returns socket.write's backpressure signal. */
export function batchedWrite(socket: Socket, data: Buffer): boolean {
  if (socket.writableCorked === 0) {
    socket.cork();
    corked.push(socket);
    if (!scheduled) {
      scheduled = true;
      process.nextTick(flush);
    }
  }
  return socket.write(data);
}
