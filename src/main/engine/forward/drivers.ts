// Which driver pushes to which `forward` destination, by URL scheme.
import type { Config, ForwardTarget, PathConf } from '../../../shared/config';
import { sourceScheme } from '../../../shared/config';
import type { ForwardDriver } from './driver';
import { ForwardUnsupportedError } from './errors';
import { forwardToRtmp } from './rtmp-target';
import { forwardToRtsp } from './rtsp-target';
import { forwardToSrt, localReadInput } from './srt-target';

/** What a driver factory may look at besides the target: the config and the path's conf. */
export interface ForwardDriverEnv {
  config: Config;
  path: string;
  conf: PathConf;
}

export type ForwardDriverFactory = (target: ForwardTarget, env: ForwardDriverEnv) => ForwardDriver;

const factories = new Map<string, ForwardDriverFactory>([
  ['rtmp', (t) => (ctx) => forwardToRtmp(ctx, { fingerprint: t.destFingerprint })],
  ['rtmps', (t) => (ctx) => forwardToRtmp(ctx, { fingerprint: t.destFingerprint })],
  ['rtsp', (t) => (ctx) => forwardToRtsp(ctx, { fingerprint: t.destFingerprint })],
  ['rtsps', (t) => (ctx) => forwardToRtsp(ctx, { fingerprint: t.destFingerprint })],
  ['srt', (_t, env) => (ctx) => forwardToSrt(ctx, { input: localReadInput(env.config, env.path, env.conf) })],
]);

/** Register (or replace) the driver for URL schemes (tests, drivers that live elsewhere). */
export function registerForwardDriver(schemes: readonly string[], factory: ForwardDriverFactory): void {
  for (const s of schemes) factories.set(s, factory);
}

/** The driver for a destination; one that fails at once (not retried) when there is none. */
export function forwardDriverFor(target: ForwardTarget, env: ForwardDriverEnv): ForwardDriver {
  const scheme = sourceScheme(target.dest) ?? '';
  const factory = factories.get(scheme);
  if (factory) return factory(target, env);
  return () => Promise.reject(new ForwardUnsupportedError(`forwarding to ${scheme}:// destinations is not supported`));
}
