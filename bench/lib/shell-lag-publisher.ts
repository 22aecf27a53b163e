// bench:shell-lag's publisher process: the paced RTMP publisher (OBS's stand-in) in its own
// process, so its sends do not load the process whose event loop is measured.
// Messages: parent → { t: 'publish', url, clipFile } → { t: 'publishing' } | { t: 'error' }.
import { loadClip } from './clip';
import { PacedPublisher } from './paced-publisher';

type ToPublisher = { t: 'publish'; url: string; clipFile: string } | { t: 'exit' };

let publisher: PacedPublisher | undefined;
const send = (msg: object) => process.send?.(msg);

function shutdown(): void {
  publisher?.stop();
  process.exit(0);
}

process.on('message', (raw) => {
  const msg = raw as ToPublisher;
  if (msg.t === 'exit') return shutdown();
  if (msg.t !== 'publish' || publisher) return;
  publisher = new PacedPublisher(loadClip(msg.clipFile), () => {});
  publisher.start(msg.url).then(
    () => send({ t: 'publishing' }),
    (err: Error) => send({ t: 'error', message: err.message }),
  );
});
process.on('disconnect', shutdown);
send({ t: 'ready' });
