// Preloaded (--import) into bench:shell-lag's engine host process: on SIGUSR2 it sends this
// process's event-loop delay since the last report over the IPC channel, as { t: 'benchEld' },
// without touching the host's own code. The bench's spawn wrapper takes these messages out.
import { startEventLoopDelay } from './event-loop-delay';

const eld = startEventLoopDelay();
process.on('SIGUSR2', () => process.send?.({ t: 'benchEld', ...eld.take() }));
