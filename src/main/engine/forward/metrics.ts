// Prometheus figures of the forward service, added to the metrics server's registry:
// forward_bytes_sent{path,dest} and forward_state{path,dest,state} (1 for the current state).
import { Gauge, type Registry } from 'prom-client';
import type { ForwardInfo } from '../../../shared/api';

export function registerForwardMetrics(registry: Registry, list: () => ForwardInfo[]): void {
  new Gauge({
    name: 'forward_bytes_sent', help: 'Bytes sent to a forward destination', labelNames: ['path', 'dest'], registers: [registry],
    collect() { this.reset(); for (const f of list()) this.set({ path: f.path, dest: f.dest }, f.bytesSent); },
  });
  new Gauge({
    name: 'forward_state', help: 'Forward destination state (1 = current)', labelNames: ['path', 'dest', 'state'], registers: [registry],
    collect() { this.reset(); for (const f of list()) this.set({ path: f.path, dest: f.dest, state: f.state }, 1); },
  });
}
