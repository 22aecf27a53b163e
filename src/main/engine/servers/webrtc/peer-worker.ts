// Entry of a viewer-peer worker thread (peer-worker-pool.ts starts it; electron.vite.config.ts
// builds it as out/main/webrtc-peer-worker.js). All the work is in viewer-peer-host.ts.
import { parentPort } from 'node:worker_threads';
import type { FromPeerWorker, ToPeerWorker } from './peer-worker-messages';
import { ViewerPeerHost } from './viewer-peer-host';

const port = parentPort;
if (!port) throw new Error('peer-worker.ts runs as a worker thread only');
const host = new ViewerPeerHost((msg) => port.postMessage(msg));
port.on('message', (msg: ToPeerWorker) => host.handle(msg));
port.on('close', () => host.closeAll());
port.postMessage({ t: 'ready' } satisfies FromPeerWorker);
