// Server-Sent Events: logs and status changes for the GUI and scripts (`curl -N …/events`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineStatus, RelayboxEvent } from '../../../../shared/api';
import type { Engine } from '../../engine';
import type { PipelineInfo } from '../../../../shared/pipelines';

export function streamEvents(engine: Engine, req: IncomingMessage, res: ServerResponse, sinceSeq?: number): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  const send = (e: RelayboxEvent) => { res.write(`data: ${JSON.stringify(e)}\n\n`); };
  send({ type: 'status', status: engine.status() });
  // Replay what the subscriber missed, so a GUI that reconnects has no gap.
  for (const entry of engine.log.recent(sinceSeq === undefined ? 200 : undefined, sinceSeq)) send({ type: 'log', entry });
  const offLog = engine.log.subscribe((entry) => send({ type: 'log', entry }));
  const onStatus = (status: EngineStatus) => send({ type: 'status', status });
  engine.on('status', onStatus);
  // Pipeline state changes and live stats (at most once a second), from the pipelines service.
  const onPipelines = (items: PipelineInfo[]) => send({ type: 'pipelines', items });
  engine.on('pipelines', onPipelines);
  // Comments keep proxies and idle timeouts from closing a quiet stream.
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  const end = () => {
    clearInterval(ping);
    offLog();
    engine.off('status', onStatus);
    engine.off('pipelines', onPipelines);
  };
  req.on('close', end);
  res.on('error', end);
}
