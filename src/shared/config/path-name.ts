// Path names and path configuration names (the keys under `paths:`).
// Rules from DESIGN §2 / MediaMTX conf.IsValidPathName; "~regex" names and all_others/all are
// configuration names only, never names a client can publish to.

const PATH_NAME_CHARS = /^[0-9a-zA-Z_\-/.]+$/;

/** The reason a stream path name ("cam1", "live/room.2") is invalid, or undefined. */
export function checkPathName(name: string): string | undefined {
  if (name === '') return 'a path name cannot be empty';
  if (name.startsWith('/')) return 'a path name cannot begin with a slash';
  if (name.endsWith('/')) return 'a path name cannot end with a slash';
  if (!PATH_NAME_CHARS.test(name)) return 'a path name can contain only letters, digits, "_", "-", "." and "/"';
  if (name.split('/').some((seg) => seg === '.' || seg === '..')) return 'a path name cannot contain "." or ".." segments';
  if (name === '__proto__') return '"__proto__" is reserved';
  return undefined;
}

/** The names that match every path nothing else matched; "all" is MediaMTX's older spelling. */
export const ALL_OTHERS_NAMES = ['all_others', 'all'] as const;

export function isAllOthersName(name: string): boolean {
  return (ALL_OTHERS_NAMES as readonly string[]).includes(name);
}

/** True for an entry that serves exactly its own name (neither "~regex" nor a catch-all). */
export function isStaticConfName(confName: string): boolean {
  return !confName.startsWith('~') && !isAllOthersName(confName);
}

/**
 * Compiles a "~regex" name (the "~" is optional here; permissions use the same form). MediaMTX
 * uses Go's RE2 syntax; the spellings that differ from JavaScript and occur in real configs are
 * translated: (?P<name>…) and leading flags such as (?i) or (?is). Matching is unanchored, like
 * Go's FindStringSubmatch: users anchor with ^…$ themselves. Throws if JavaScript cannot read it.
 */
export function compilePathRegex(confName: string): RegExp {
  let source = confName.startsWith('~') ? confName.slice(1) : confName;
  let flags = '';
  // Go's i, m and s flags mean what JavaScript's do; Go's U (ungreedy) has no equivalent.
  const leading = /^\(\?([ims]+)\)/.exec(source);
  if (leading) {
    flags = [...new Set(leading[1])].join('');
    source = source.slice(leading[0].length);
  }
  return new RegExp(source.replace(/\(\?P</g, '(?<'), flags);
}

/** The reason a configuration name (a key under `paths:`) is invalid, or undefined. */
export function checkConfName(name: string): string | undefined {
  if (isAllOthersName(name)) return undefined;
  if (name.startsWith('~')) {
    if (name.length === 1) return 'a regular expression path needs an expression after "~"';
    try {
      compilePathRegex(name);
      return undefined;
    } catch (e) {
      return `invalid regular expression: ${(e as Error).message}`;
    }
  }
  return checkPathName(name);
}
