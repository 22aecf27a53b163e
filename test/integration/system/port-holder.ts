// A child Node process that holds ports, so owner lookups have a real, foreign process to find.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const HOLDER_SCRIPT = `
const net = require('node:net');
const dgram = require('node:dgram');
const server = net.createServer().listen({ port: 0, host: '127.0.0.1' }, () => {
  const udp = dgram.createSocket('udp4');
  udp.bind({ port: 0, address: '127.0.0.1' }, () => {
    process.stdout.write(JSON.stringify({ tcp: server.address().port, udp: udp.address().port }) + '\\n');
  });
});
setInterval(() => {}, 1 << 30);
`;

export interface PortHolder {
  child: ChildProcess;
  pid: number;
  tcpPort: number;
  udpPort: number;
  stop(): Promise<void>;
}

/** Starts the holder and waits until it reports its ports (bounded by the test's hook timeout). */
export async function startPortHolder(): Promise<PortHolder> {
  const child = spawn(process.execPath, ['-e', HOLDER_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout!.setEncoding('utf8');
  while (!text.includes('\n')) {
    const [chunk] = (await Promise.race([once(child.stdout!, 'data'), once(child, 'exit')])) as [string | number];
    if (typeof chunk !== 'string') throw new Error(`port holder exited early (${chunk})`);
    text += chunk;
  }
  const ports = JSON.parse(text) as { tcp: number; udp: number };
  return {
    child,
    pid: child.pid!,
    tcpPort: ports.tcp,
    udpPort: ports.udp,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}
