// A server session as the core sees it: records why the core closed it.
import type { PathAccessRequest, SessionControl, SessionProtocol } from '../../src/main/engine/core/path-requests';

export class FakeSession implements SessionControl {
  readonly closes: string[] = [];
  onClose?: (reason: string) => void;

  close(reason: string): void {
    this.closes.push(reason);
    this.onClose?.(reason);
  }
}

let nextId = 1;

/** A request with sensible defaults: anonymous, from 127.0.0.1, over RTMP. */
export function accessRequest(
  path: string,
  over: Partial<Omit<PathAccessRequest, 'session'>> & { session?: FakeSession; protocol?: SessionProtocol } = {},
): PathAccessRequest & { session: FakeSession } {
  return {
    query: '',
    ip: '127.0.0.1',
    protocol: 'rtmp',
    id: `s${nextId++}`,
    ...over,
    path,
    session: over.session ?? new FakeSession(),
  };
}
