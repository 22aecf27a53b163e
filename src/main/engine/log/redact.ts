// Secrets must never reach a log line, the ring buffer or an API error, yet the user name must
// stay visible (it is what an operator needs to debug a refused login). Every rule below replaces
// only the secret with "***" and errs towards hiding too much rather than too little.
// Pure string work (no Node APIs), so it could move to src/shared if the renderer ever needs it.

const MASK = '***';

// Key names whose value is a secret. Any identifier prefix is allowed, so MediaMTX's publishPass,
// readPass, srtPublishPassphrase and OAuth's access_token/client_secret match as well.
const SECRET_KEY = String.raw`[\w.-]*?(?:pass(?:word|phrase|wd)?|pwd|secret|token|api[_-]?key)`;

// Cheap pre-check: a message with none of these cannot hold a secret in any form handled here,
// so the common case costs one regex test.
const MAYBE_SECRET = /@|pass|pwd|secret|token|authoriz|api[_-]?key|streamid/i;

// RFC 3986 §3.2.1 userinfo "user:password@" in any scheme. The password runs to the LAST "@"
// before the path, so a password containing a raw "@" (invalid, but typed by users) is still hidden.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@"]*):([^\s/?#"]*)@/gi;

// MediaMTX SRT stream id "action:path:user:pass[:query]".
const SRT_STREAM_ID = /(\bstreamid=(?:publish|read):[^:&\s]*:[^:&\s]*:)([^:&\s]*)/gi;

// key=value in query strings, command lines and prose; the value stops at "&" or whitespace.
const KEY_VALUE = new RegExp(String.raw`(?<![\w.-])(${SECRET_KEY})([ \t]*=[ \t]*)([^&\s]*)`, 'gi');

// RFC 9110 §11.6.2 / §11.7.2 (Proxy-)Authorization: keep the scheme, hide the credentials.
// Digest (RFC 7616 §3.4) keeps its username parameter, the rest of the line goes.
const AUTH_HEADER =
  /\b((?:proxy-)?authorization[ \t]*:[ \t]*["'`]?)(?:(digest)(?=\s)([^\r\n]*)|([a-z][\w-]*[ \t]+)?([^\s"'`]+))/gi;
const DIGEST_USERNAME = /\busername[ \t]*=[ \t]*(?:"(?:[^"\\]|\\.)*"|[^\s,]+)/i;

// String literals as JSON, YAML and util.inspect print them.
const QUOTED = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.|'')*'|` + '`(?:[^`\\\\]|\\\\.)*`';
// A quoted value counts only if nothing but a separator follows it; "a"b is not a closed string.
const QUOTED_END = String.raw`(?=[ \t]*(?:[,}\]#\r\n]|$))`;

// "pass":"x", 'readPass': 'x', "pass": 123 (JSON, Python/JS literals).
const QUOTED_KEY = new RegExp(
  String.raw`(["'])((?:proxy-)?authorization|${SECRET_KEY})\1(\s*:\s*)((?:${QUOTED})${QUOTED_END}|[^\s,}\]]+)`,
  'gi',
);

// pass: x / pass: "x" inside a line (YAML flow, util.inspect, prose). Plain values run to the
// end of the line: a flow mapping such as "{ pass: a, user: b }" loses the user too, which is safe.
const INLINE_KEY = new RegExp(
  String.raw`(?<![\w.-])(${SECRET_KEY})(:[ \t]+)((?:${QUOTED})${QUOTED_END}|[^\r\n]+)`,
  'gi',
);

// A YAML mapping line "  - readPass: value"; the value may continue on more-indented lines.
const YAML_KEY_LINE = new RegExp(String.raw`^([ \t]*(?:-[ \t]+)*)(${SECRET_KEY}):(?=[ \t]|\r?$)([ \t]*)([^\r]*)\r?$`, 'i');
const CLOSED_QUOTED_VALUE = new RegExp(String.raw`^(${QUOTED})([ \t]*(?:[,}\]#].*)?)$`);

/** Replaces every password, token and credential in `text` with "***", keeping user names. */
export function redact(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = redactUrl(text);
  out = out.replace(AUTH_HEADER, maskAuthorization);
  out = out.replace(QUOTED_KEY, (_m, q: string, key: string, sep: string, value: string) => `${q}${key}${q}${sep}${maskValue(value)}`);
  if (out.includes('\n')) out = redactYamlBlocks(out);
  out = out.replace(INLINE_KEY, (_m, key: string, sep: string, value: string) => `${key}${sep}${maskValue(value)}`);
  return out;
}

/** Hides the password of a URL's userinfo and the values of secret query parameters. */
export function redactUrl(url: string): string {
  if (!MAYBE_SECRET.test(url)) return url;
  return url
    .replace(URL_USERINFO, (_m, scheme: string, user: string, pass: string) => `${scheme}${user}:${pass ? MASK : ''}@`)
    .replace(SRT_STREAM_ID, (_m, head: string, pass: string) => head + (pass ? MASK : ''))
    .replace(KEY_VALUE, (_m, key: string, sep: string, value: string) => key + sep + (value ? MASK : ''));
}

function maskAuthorization(_m: string, head: string, digest?: string, digestParams?: string, scheme?: string, token?: string): string {
  if (digest !== undefined) {
    const username = DIGEST_USERNAME.exec(digestParams ?? '');
    return `${head}${digest} ${username ? `${username[0]}, ` : ''}${MASK}`;
  }
  return `${head}${scheme ?? ''}${token ? MASK : ''}`;
}

/** A quoted value keeps its quotes (empty stays empty, which is useful to see); anything else → ***. */
function maskValue(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'" || q === '`') && value.length >= 2 && value.endsWith(q)) {
    return value.length === 2 ? value : `${q}${MASK}${q}`;
  }
  if (value === 'null' || value === '~') return value;
  return MASK;
}

/**
 * Line-based pass for YAML block mappings: a plain or unterminated quoted value continues on the
 * following lines indented deeper than its key, and so does a block scalar ("pass: |"). Those
 * lines are dropped along with the first one.
 */
function redactYamlBlocks(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = YAML_KEY_LINE.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const [, prefix, key, gap, rawValue] = m;
    const cr = line.endsWith('\r') ? '\r' : '';
    const closed = CLOSED_QUOTED_VALUE.exec(rawValue);
    if (closed) {
      out.push(`${prefix}${key}:${gap}${maskValue(closed[1])}${closed[2]}${cr}`);
      continue;
    }
    const keyColumn = prefix.length;
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j];
      if (next.trim() === '') continue; // blank lines belong to the value only if more of it follows
      if (indentOf(next) <= keyColumn) break;
      last = j;
    }
    const hasValue = rawValue.trim() !== '' || last > i;
    out.push(hasValue ? `${prefix}${key}:${gap || ' '}${MASK}${cr}` : line);
    i = last;
  }
  return out.join('\n');
}

function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0].length : 0;
}
