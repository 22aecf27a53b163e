// Problems found in a config (file, API body or patch). One shape for all of them, so the CLI,
// the log, the API's 400 answers and the settings UI show the same text.

export type ConfigIssueCode =
  | 'syntax' // the YAML itself is broken
  | 'invalid-value' // a known key with a value outside what is allowed
  | 'unknown-key' // a key neither MediaMTX nor Relaybox knows
  | 'unsupported' // a MediaMTX key Relaybox accepts and keeps but does not act on yet
  | 'deprecated' // an old MediaMTX name, read as its new name
  | 'not-found' // an edit names a path that does not exist
  | 'exists' // an edit adds a path that already exists
  | 'io'; // the file could not be read or written

export interface ConfigIssue {
  severity: 'error' | 'warning';
  /** Dotted key path as written by the user, e.g. "paths.cam1.readUser"; "" for the whole file. */
  key: string;
  line?: number;
  col?: number;
  /** The offending value (left out for secrets such as passwords). */
  value?: unknown;
  /** Full human text: key, value, position, what is wrong and what is allowed. */
  message: string;
  code?: ConfigIssueCode;
  /** The file the issue was found in, when it came from a file. */
  file?: string;
}

export interface SourcePos {
  line: number;
  col: number;
}

export type KeyPath = readonly (string | number)[];

/** Maps a key path (as written in the source) to where its key or value starts. */
export type Locator = (path: KeyPath, part: 'key' | 'value') => SourcePos | undefined;

export function keyPathText(path: KeyPath): string {
  return path.join('.');
}

export function hasErrors(issues: readonly ConfigIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Keys whose values must never appear in a message, a log line or an API error. */
const SECRET_KEYS = new Set([
  'pass',
  'password',
  'publishPass',
  'readPass',
  'srtReadPassphrase',
  'srtPublishPassphrase',
  'whepBearerToken',
  'whipBearerToken',
  'hlsCDNSecret',
]);

export function isSecretKeyPath(path: KeyPath): boolean {
  return path.some((segment) => typeof segment === 'string' && SECRET_KEYS.has(segment));
}

/** Hides credentials inside URLs and query strings (rtsp://user:pass@host, ?pass=…). */
export function redactText(text: string): string {
  return text
    .replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, '$1:***@')
    .replace(/([?&](?:pass|password|token|jwt)=)[^&\s]*/gi, '$1***');
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: SECRET_KEYS.has(k) ? '***' : redactValue(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

const MAX_VALUE_TEXT = 60;

function valueText(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

export interface IssueInput {
  severity: 'error' | 'warning';
  path: KeyPath;
  reason: string;
  code: ConfigIssueCode;
  pos?: SourcePos;
  /** Present when the value is part of the message ("key value (line, col): reason"). */
  value?: { v: unknown };
}

/**
 * Builds the issue and its message: `rtmpAddress ":99999" (line 12, col 14): port must be 1–65535`.
 * Secret values are replaced by "(hidden)" and dropped from `value`.
 */
export function makeIssue(input: IssueInput): ConfigIssue {
  const key = keyPathText(input.path);
  const secret = isSecretKeyPath(input.path);
  let head = key === '' ? 'config' : key;
  if (input.value) head += ` ${secret ? '(hidden)' : valueText(redactValue(input.value.v))}`;
  if (input.pos) head += ` (line ${input.pos.line}, col ${input.pos.col})`;
  const issue: ConfigIssue = { severity: input.severity, key, message: `${head}: ${input.reason}`, code: input.code };
  if (input.pos) {
    issue.line = input.pos.line;
    issue.col = input.pos.col;
  }
  if (input.value && !secret && input.value.v !== undefined) issue.value = redactValue(input.value.v);
  return issue;
}
