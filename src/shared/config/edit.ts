// Config edits behind the control API, with MediaMTX v3 semantics:
//   global/patch, pathdefaults/patch: set the given keys;
//   paths/add: create (error if it exists); paths/patch: set the given keys of an existing path;
//   paths/replace: set the whole path (created if missing); paths/delete: remove (error if missing).
// A JSON null in a patch leaves that key unchanged, as in MediaMTX. Inputs are never mutated; the
// result carries the new config only when it has no error.

import { IssueCollector } from './issue-collector';
import { cloneJson, isPlainObject, setOwn } from './json';
import { checkConfName } from './path-name';
import { readSection, type ReadOptions } from './read-config';
import type { Config, PathConf } from './schema';
import { finishConfig, orderPathConf, type ConfigResult } from './validate';

const PATCH_OPTIONS: ReadOptions = { unknownKeys: 'error' };

function patchBody(patch: unknown, base: (string | number)[], sink: IssueCollector, what: string): boolean {
  if (!isPlainObject(patch)) {
    sink.add('error', 'invalid-value', base, `the body must be a JSON object of ${what}`, { value: { v: patch } });
    return false;
  }
  return true;
}

function failed(sink: IssueCollector): ConfigResult {
  return { issues: sink.issues };
}

export function patchGlobal(config: Config, patch: unknown): ConfigResult {
  const sink = new IssueCollector();
  if (!patchBody(patch, [], sink, 'global settings')) return failed(sink);
  const body = patch as Record<string, unknown>;
  for (const key of ['pathDefaults', 'paths']) {
    if (Object.hasOwn(body, key)) {
      sink.add('error', 'unknown-key', [key], `${key} is not a global setting; edit it through /v3/config/${key === 'paths' ? 'paths' : 'pathdefaults'}/…`, { part: 'key' });
    }
  }
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'pathDefaults' && k !== 'paths'));
  const read = readSection(rest, 'global', [], sink, PATCH_OPTIONS);
  const moved = readSection({}, 'path', ['pathDefaults'], sink, PATCH_OPTIONS, read.moved);
  if (sink.hasErrors) return failed(sink);
  const next = cloneJson(config);
  Object.assign(next, cloneJson(read.values));
  Object.assign(next.pathDefaults, cloneJson(moved.values));
  return finishConfig(next, sink);
}

export function patchPathDefaults(config: Config, patch: unknown): ConfigResult {
  const sink = new IssueCollector();
  if (!patchBody(patch, ['pathDefaults'], sink, 'path settings')) return failed(sink);
  const read = readSection(patch, 'path', ['pathDefaults'], sink, PATCH_OPTIONS);
  if (sink.hasErrors) return failed(sink);
  const next = cloneJson(config);
  Object.assign(next.pathDefaults, cloneJson(read.values));
  return finishConfig(next, sink);
}

function checkName(name: unknown, sink: IssueCollector): name is string {
  if (typeof name !== 'string') {
    sink.add('error', 'invalid-value', ['paths'], 'the path name must be text', { value: { v: name } });
    return false;
  }
  const reason = checkConfName(name);
  if (reason !== undefined) sink.add('error', 'invalid-value', ['paths', name], `invalid path name: ${reason}`, { part: 'key' });
  return reason === undefined;
}

/** Reads a path body; `null`/absent means "no overrides". */
function readPathBody(name: string, conf: unknown, sink: IssueCollector): Partial<PathConf> | undefined {
  if (conf !== null && conf !== undefined && !patchBody(conf, ['paths', name], sink, 'path settings')) return undefined;
  const read = readSection(conf, 'path', ['paths', name], sink, PATCH_OPTIONS);
  return sink.hasErrors ? undefined : (cloneJson(read.values) as Partial<PathConf>);
}

function withPath(config: Config, name: string, conf: Partial<PathConf>): Config {
  const next = cloneJson(config);
  setOwn(next.paths, name, orderPathConf(conf));
  return next;
}

export function addPath(config: Config, name: string, conf: unknown): ConfigResult {
  const sink = new IssueCollector();
  if (!checkName(name, sink)) return failed(sink);
  if (Object.hasOwn(config.paths, name)) {
    sink.add('error', 'exists', ['paths', name], `path "${name}" already exists; patch or replace it instead`, { part: 'key' });
    return failed(sink);
  }
  const body = readPathBody(name, conf, sink);
  return body ? finishConfig(withPath(config, name, body), sink) : failed(sink);
}

export function patchPath(config: Config, name: string, patch: unknown): ConfigResult {
  const sink = new IssueCollector();
  if (!Object.hasOwn(config.paths, name)) {
    sink.add('error', 'not-found', ['paths', String(name)], `path "${name}" not found`, { part: 'key' });
    return failed(sink);
  }
  if (!patchBody(patch, ['paths', name], sink, 'path settings')) return failed(sink);
  const body = readPathBody(name, patch, sink);
  return body ? finishConfig(withPath(config, name, { ...config.paths[name], ...body }), sink) : failed(sink);
}

export function replacePath(config: Config, name: string, conf: unknown): ConfigResult {
  const sink = new IssueCollector();
  if (!checkName(name, sink)) return failed(sink);
  const body = readPathBody(name, conf, sink);
  return body ? finishConfig(withPath(config, name, body), sink) : failed(sink);
}

export function deletePath(config: Config, name: string): ConfigResult {
  const sink = new IssueCollector();
  if (!Object.hasOwn(config.paths, name)) {
    sink.add('error', 'not-found', ['paths', String(name)], `path "${name}" not found`, { part: 'key' });
    return failed(sink);
  }
  const next = cloneJson(config);
  delete next.paths[name];
  return finishConfig(next, sink);
}
