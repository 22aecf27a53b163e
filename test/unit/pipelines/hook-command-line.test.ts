// Hook commands are split and expanded as MediaMTX does (go-shellquote + Go's os.Expand), so a
// mediamtx.yml hook runs the same program with the same arguments here.
import { describe, expect, it } from 'vitest';
import { CommandLineError, expandVariables, planHookCommand, splitCommandLine } from '../../../src/main/engine/pipelines/hooks';

describe('splitCommandLine', () => {
  it.each([
    ['ffmpeg -i in.mp4 out.flv', ['ffmpeg', '-i', 'in.mp4', 'out.flv']],
    ['  a \t b\n c  ', ['a', 'b', 'c']],
    [`a 'b c' d`, ['a', 'b c', 'd']],
    [`a "b c" d`, ['a', 'b c', 'd']],
    [`a "b \\"c\\" \\x" d`, ['a', 'b "c" \\x', 'd']],
    [`a 'b \\ " c'`, ['a', 'b \\ " c']],
    ['a\\ b c', ['a b', 'c']],
    [`a''b "" ''`, ['ab', '', '']],
    [`x"y"'z'`, ['xyz']],
    ['a \\\nb', ['a', 'b']],
    ['drawtext=text=\'%{localtime}\'', ['drawtext=text=%{localtime}']],
    ['ffmpeg -i rtsp://localhost:$RTSP_PORT/$MTX_PATH', ['ffmpeg', '-i', 'rtsp://localhost:$RTSP_PORT/$MTX_PATH']],
    ['', []],
  ])('%j', (cmd, want) => {
    expect(splitCommandLine(cmd)).toEqual(want);
  });

  it.each([`a 'b`, 'a "b', 'a \\'])('rejects %j', (cmd) => {
    expect(() => splitCommandLine(cmd)).toThrow(CommandLineError);
  });
});

describe('expandVariables', () => {
  const vars: Record<string, string> = { MTX_PATH: 'cam/1', RTSP_PORT: '8554', G1: 'x', '1': 'one', $: 'pid' };
  const lookup = (n: string): string | undefined => vars[n];
  it.each([
    ['rtsp://localhost:$RTSP_PORT/$MTX_PATH', 'rtsp://localhost:8554/cam/1'],
    ['${MTX_PATH}_suffix', 'cam/1_suffix'],
    ['$MTX_PATH_suffix', ''],
    ['$G1-$1-${1}-$$', 'x-one-one-pid'],
    ['cost $', 'cost $'],
    ['a$/b', 'a$/b'],
    ['a${}b', 'ab'],
    ['a${MTX', 'aMTX'],
    ['$UNKNOWN.', '.'],
  ])('%j → %j', (s, want) => {
    expect(expandVariables(s, lookup)).toBe(want);
  });
});

describe('planHookCommand', () => {
  const vars = { MTX_PATH: 'my cam', RTSP_PORT: '8554' };
  it('splits first, then expands inside each argument (a value with spaces stays one argument)', () => {
    expect(planHookCommand('ffmpeg -i rtsp://127.0.0.1:$RTSP_PORT/$MTX_PATH -f null -', vars, 'linux', {})).toEqual({
      file: 'ffmpeg', args: ['-i', 'rtsp://127.0.0.1:8554/my cam', '-f', 'null', '-'], verbatim: false,
    });
  });

  it('falls back to the process environment', () => {
    expect(planHookCommand('echo $HOME $MTX_PATH', vars, 'linux', { HOME: '/h', MTX_PATH: 'ignored' }).args).toEqual(['/h', 'my cam']);
  });

  it('passes "cmd …" to cmd.exe verbatim on Windows only', () => {
    expect(planHookCommand('cmd /C echo %TIME% "$MTX_PATH"', vars, 'win32', {})).toEqual({
      file: 'cmd.exe', args: ['/C echo %TIME% "my cam"'], verbatim: true,
    });
    expect(planHookCommand('cmd /C echo', vars, 'linux', {})).toEqual({ file: 'cmd', args: ['/C', 'echo'], verbatim: false });
  });

  it('rejects an empty command', () => {
    expect(() => planHookCommand('  ', vars, 'linux', {})).toThrow(/empty/);
  });
});
