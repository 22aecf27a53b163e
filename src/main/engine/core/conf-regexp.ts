// `~regex` entries are written for MediaMTX, i.e. in Go's RE2 syntax. JavaScript reads most of
// it the same way; these are the two spellings users actually write that it does not.

/**
 * Compile a Go regular expression (without its leading "~"), or null if JavaScript cannot read
 * it. Matching is unanchored, like Go's FindStringSubmatch: users anchor with ^…$ themselves.
 */
export function compileGoRegexp(source: string): RegExp | null {
  let flags = '';
  let body = source;
  // Go allows leading flag groups such as (?i); JavaScript wants them as RegExp flags.
  const leading = /^\(\?([ims]+)\)/.exec(body);
  if (leading) {
    flags = [...new Set(leading[1])].join('');
    body = body.slice(leading[0].length);
  }
  // Go's named group (?P<name>…) is (?<name>…) in JavaScript.
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(body, flags);
  } catch {
    return null;
  }
}
