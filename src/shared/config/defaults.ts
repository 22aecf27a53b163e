// Default configurations. Relaybox's come from the schema (DESIGN §2; servers Relaybox does not
// have yet, SRT and MoQ, default to off so the config says what actually runs). MediaMTX's differ
// in the keys of MEDIAMTX_DEFAULT_OVERRIDES, which export and save use to decide which keys must be
// written for both programs to read a file the same way.

import { cloneJson } from './json';
import { GlobalConfSchema, PathConfSchema, type Config, type GlobalConf } from './schema';

/** Relaybox's built-in configuration: DESIGN §2 defaults and an open all_others path. */
export function defaultConfig(): Config {
  return {
    ...GlobalConfSchema.parse({}),
    pathDefaults: PathConfSchema.parse({}),
    paths: { all_others: {} },
  };
}

/** Where MediaMTX's own defaults differ from Relaybox's (MediaMTX v1.20 values). */
export const MEDIAMTX_DEFAULT_OVERRIDES: Readonly<Partial<GlobalConf>> = {
  logFile: 'mediamtx.log',
  sysLogPrefix: 'mediamtx',
  api: false,
  apiAddress: ':9997',
  apiAllowOrigins: ['*'],
  metricsAddress: ':9998',
  rtspTransports: ['udp', 'multicast', 'tcp'],
  srt: true,
  moq: true,
};

/** The configuration MediaMTX runs with when a key is missing from its file. */
export function mediamtxDefaultConfig(): Config {
  return { ...defaultConfig(), ...cloneJson(MEDIAMTX_DEFAULT_OVERRIDES) };
}
