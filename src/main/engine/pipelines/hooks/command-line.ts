// How MediaMTX turns a hook's command string into a process (internal/externalcmd): the string
// is split into arguments like a POSIX shell would quote them (kballard/go-shellquote), without
// running a shell, and then `$VAR` / `${VAR}` inside each argument is expanded with Go's
// os.Expand rules, from the hook's own variables first and the process environment second. On
// Windows a command starting with `cmd ` / `cmd.exe ` goes to cmd.exe verbatim instead, so users
// can still write shell syntax there. Users' existing mediamtx.yml hooks run unchanged.

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

const SPACE = new Set([' ', '\t', '\n']);
// Inside double quotes a backslash escapes only these (POSIX sh §2.2.3); elsewhere it stays.
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

/** Splits `cmd` into arguments with POSIX shell quoting (no expansion, no globbing). */
export function splitCommandLine(cmd: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < cmd.length) {
    const c = cmd[i];
    if (SPACE.has(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === '\\') {
      // Backslash-newline joins lines; any other escaped character is literal.
      if (i + 1 >= cmd.length) throw new CommandLineError('unfinished escape at the end of the command');
      if (cmd[i + 1] !== '\n') { word += cmd[i + 1]; inWord = true; }
      i += 2;
    } else if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) throw new CommandLineError(`unterminated single quote at character ${i + 1}`);
      word += cmd.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= cmd.length) throw new CommandLineError(`unterminated double quote at character ${i + 1}`);
        const d = cmd[j];
        if (d === '"') break;
        if (d === '\\' && j + 1 < cmd.length && DOUBLE_QUOTE_ESCAPABLE.has(cmd[j + 1])) {
          if (cmd[j + 1] !== '\n') word += cmd[j + 1];
          j += 2;
        } else {
          word += d;
          j++;
        }
      }
      inWord = true;
      i = j + 1;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(word);
  return out;
}

const SPECIAL_VAR = /^[*#$@!?\-0-9]$/;
const NAME_CHAR = /^[A-Za-z0-9_]$/;

/**
 * Go's os.Expand: `$NAME`, `${NAME}` and one-character specials (`$1`, `$$`…) are replaced;
 * a lone `$` stays; bad `${` syntax is dropped. Unknown names become ''.
 */
export function expandVariables(s: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== '$' || i + 1 >= s.length) {
      out += c;
      i++;
      continue;
    }
    const rest = s.slice(i + 1);
    let name = '';
    let width = 0;
    if (rest[0] === '{') {
      if (rest.length > 2 && SPECIAL_VAR.test(rest[1]) && rest[2] === '}') {
        name = rest[1];
        width = 3;
      } else {
        const close = rest.indexOf('}');
        // `${}` and an unclosed `${` are eaten, as Go does.
        if (close < 0) width = 1;
        else if (close === 1) width = 2;
        else { name = rest.slice(1, close); width = close + 1; }
      }
    } else if (SPECIAL_VAR.test(rest[0])) {
      name = rest[0];
      width = 1;
    } else {
      while (width < rest.length && NAME_CHAR.test(rest[width])) width++;
      name = rest.slice(0, width);
    }
    if (name) out += lookup(name) ?? '';
    else if (width === 0) out += '$';
    i += 1 + width;
  }
  return out;
}

export interface HookSpawnPlan {
  file: string;
  args: string[];
  /** Windows `cmd …`: pass the rest of the line to cmd.exe untouched (its own quoting rules). */
  verbatim: boolean;
}

/** What to spawn for a hook command; throws CommandLineError for an empty or badly quoted one. */
export function planHookCommand(
  command: string,
  vars: Record<string, string>,
  platform: NodeJS.Platform = process.platform,
  environ: NodeJS.ProcessEnv = process.env,
): HookSpawnPlan {
  const lookup = (name: string): string | undefined => (Object.hasOwn(vars, name) ? vars[name] : environ[name]);
  if (platform === 'win32') {
    const m = /^cmd(?:\.exe)? /.exec(command);
    if (m) return { file: 'cmd.exe', args: [expandVariables(command.slice(m[0].length), lookup)], verbatim: true };
  }
  const parts = splitCommandLine(command).map((p) => expandVariables(p, lookup));
  if (parts.length === 0 || parts[0] === '') throw new CommandLineError('the command is empty');
  return { file: parts[0], args: parts.slice(1), verbatim: false };
}
