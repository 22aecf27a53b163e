// One HTTP GET with the whole body, over a keep-alive agent (each benchmark HLS client holds one
// connection, as a player does), bounded in time.
import { get, type Agent } from 'node:http';

export interface HttpResult {
  status: number;
  body: Buffer;
}

export function httpGet(url: string, agent: Agent, timeoutMs = 15_000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms: ${url}`)));
    req.on('error', reject);
  });
}
