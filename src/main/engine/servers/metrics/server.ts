// Prometheus metrics (metrics, metricsAddress) in the text format, via prom-client.
// Names follow MediaMTX's where both have the figure (paths, paths_bytes_received, …).
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Engine } from '../../engine';
import type { Logger } from '../../log/logger';
import { createHttpServer } from '../http-listener';
import { closeNetServer, listenTcp, type RunningServer } from '../listen';
import { listenerTls } from '../tls';
import { authorizeInternal } from '../../core';
import { basicCredentials, clientIp } from '../api/http-util';
import { registerForwardMetrics } from '../../forward/metrics';
import type { ForwardManager } from '../../forward';

export function createMetricsRegistry(engine: Engine): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'relaybox_process_' });
  const label = (p: { ready: boolean }) => (p.ready ? 'ready' : 'notReady');
  new Gauge({
    name: 'paths', help: 'Paths by state', labelNames: ['name', 'state'], registers: [registry],
    collect() { this.reset(); for (const p of engine.paths.list()) this.set({ name: p.name, state: label(p) }, 1); },
  });
  new Gauge({
    name: 'paths_bytes_received', help: 'Bytes received by path', labelNames: ['name', 'state'], registers: [registry],
    collect() { this.reset(); for (const p of engine.paths.list()) this.set({ name: p.name, state: label(p) }, p.bytesReceived); },
  });
  new Gauge({
    name: 'paths_bytes_sent', help: 'Bytes sent by path', labelNames: ['name', 'state'], registers: [registry],
    collect() { this.reset(); for (const p of engine.paths.list()) this.set({ name: p.name, state: label(p) }, p.bytesSent); },
  });
  new Gauge({
    name: 'paths_readers', help: 'Readers by path', labelNames: ['name', 'state'], registers: [registry],
    collect() { this.reset(); for (const p of engine.paths.list()) this.set({ name: p.name, state: label(p) }, p.readers.length); },
  });
  new Gauge({
    name: 'relaybox_listener_up', help: '1 when the listener is open', labelNames: ['listener', 'state'], registers: [registry],
    collect() { this.reset(); for (const l of engine.status().listeners) this.set({ listener: l.name, state: l.state }, l.state === 'listening' ? 1 : 0); },
  });
  registerForwardMetrics(registry, () => engine.service<ForwardManager>('forward')?.list() ?? []);
  return registry;
}

export async function openMetricsServer(engine: Engine, host: string, port: number, log: Logger): Promise<RunningServer> {
  const registry = createMetricsRegistry(engine);
  const server = await createHttpServer(listenerTls(engine.config, 'metrics'), async (req, res) => {
    const creds = basicCredentials(req);
    const ip = clientIp(req);
    const ok = await authorizeInternal(engine.config, { action: 'metrics', path: '', user: creds?.user ?? '', pass: creds?.pass ?? '', ip });
    if (!ok) {
      log.warn(`metrics access refused for ${creds?.user ? `user "${creds.user}"` : 'anonymous user'} from ${ip}`);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="relaybox"' });
      res.end();
      return;
    }
    if (req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': registry.contentType });
    res.end(await registry.metrics());
  });
  await listenTcp(server, host, port);
  return { close: () => { server.closeAllConnections(); return closeNetServer(server); } };
}
