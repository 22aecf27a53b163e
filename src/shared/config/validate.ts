// Whole-config validation: read the sections, fill defaults, run the cross-setting checks.

import { checkConfig } from './config-checks';
import { defaultConfig } from './defaults';
import { IssueCollector } from './issue-collector';
import type { ConfigIssue, KeyPath, Locator } from './issues';
import { cloneJson, setOwn } from './json';
import { readConfigObject, type ConfigRead, type ReadOptions } from './read-config';
import { GLOBAL_KEYS, PATH_KEYS, type Config, type PathConf } from './schema';

export interface ConfigResult {
  /** Present only when there is no error. */
  config?: Config;
  issues: ConfigIssue[];
}

export interface ValidateOptions {
  /** Resolves key paths to line/column (the YAML loader passes one). */
  locate?: Locator;
}

/** Orders a partial path conf by schema order, so JSON and YAML output is stable. */
export function orderPathConf(conf: Partial<PathConf>): Partial<PathConf> {
  const out: Record<string, unknown> = {};
  for (const key of PATH_KEYS) if (Object.hasOwn(conf, key)) out[key] = conf[key];
  return out as Partial<PathConf>;
}

/** Fills defaults around what was read. `paths` missing entirely means Relaybox's default paths. */
export function buildConfig(read: ConfigRead): Config {
  const defaults = defaultConfig() as unknown as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const key of GLOBAL_KEYS) config[key] = Object.hasOwn(read.global.values, key) ? read.global.values[key] : defaults[key];
  const pd: Record<string, unknown> = {};
  const defaultPd = defaults.pathDefaults as Record<string, unknown>;
  for (const key of PATH_KEYS) pd[key] = Object.hasOwn(read.pathDefaults.values, key) ? read.pathDefaults.values[key] : defaultPd[key];
  config.pathDefaults = pd;
  if (read.paths) {
    const paths: Record<string, Partial<PathConf>> = {};
    for (const [name, section] of Object.entries(read.paths)) setOwn(paths, name, orderPathConf(section.values as Partial<PathConf>));
    config.paths = paths;
  } else {
    config.paths = cloneJson(defaults.paths);
  }
  return config as Config;
}

/** Maps a canonical key path (["paths","cam1","readUser"]) to where the user wrote it. */
export function sourceFinder(read: ConfigRead | undefined): (path: KeyPath) => KeyPath {
  return (path) => {
    if (!read) return path;
    const [first, second, third] = path;
    if (first === 'pathDefaults' && typeof second === 'string') {
      return read.pathDefaults.sources[second] ?? [...(read.pathDefaults.source ?? ['pathDefaults']), ...path.slice(1)];
    }
    if (first === 'paths' && typeof second === 'string' && read.paths && Object.hasOwn(read.paths, second)) {
      const section = read.paths[second];
      if (typeof third === 'string' && Object.hasOwn(section.sources, third)) return [...section.sources[third], ...path.slice(3)];
      return [...section.source, ...path.slice(2)];
    }
    if (typeof first === 'string' && path.length >= 1 && Object.hasOwn(read.global.sources, first)) {
      return [...read.global.sources[first], ...path.slice(1)];
    }
    return path;
  };
}

/** Runs the cross-setting checks and packs the result (config only when error-free). */
export function finishConfig(config: Config, sink: IssueCollector, read?: ConfigRead): ConfigResult {
  const where = sourceFinder(read);
  checkConfig(config, (severity, path, reason) => sink.add(severity, 'invalid-value', where(path), reason, { part: 'key' }));
  return sink.hasErrors ? { issues: sink.issues } : { config, issues: sink.issues };
}

/**
 * Validates a config given as a plain object (API JSON, or YAML already converted). Unknown keys
 * and not-yet-supported MediaMTX keys are warnings; anything else wrong is an error.
 */
export function validateConfigObject(obj: unknown, options: ValidateOptions = {}): ConfigResult {
  const sink = new IssueCollector(options.locate);
  const opts: ReadOptions = { unknownKeys: 'warning' };
  const read = readConfigObject(obj, sink, opts);
  if (sink.hasErrors) return { issues: sink.issues };
  return finishConfig(buildConfig(read), sink, read);
}

/** Like validateConfigObject, but also returns what was read (used to edit a YAML file in place). */
export function inspectConfigObject(obj: unknown, options: ValidateOptions = {}): ConfigResult & { read: ConfigRead } {
  const sink = new IssueCollector(options.locate);
  const read = readConfigObject(obj, sink, { unknownKeys: 'warning' });
  if (sink.hasErrors) return { issues: sink.issues, read };
  return { ...finishConfig(buildConfig(read), sink, read), read };
}
