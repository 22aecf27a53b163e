import { describe, expect, it } from 'vitest';
import { parseExcludedPortRanges, rangeContaining } from '../../../src/main/engine/system';
import { fixtureLatin1 } from './read-fixture';

describe('parseExcludedPortRanges', () => {
  it('reads the ranges and the administered mark, not the prose', () => {
    expect(parseExcludedPortRanges(fixtureLatin1('windows-netsh-excludedportrange-tcp-en.txt'))).toEqual([
      { start: 1072, end: 1171, administered: false },
      { start: 5357, end: 5357, administered: false },
      { start: 8504, end: 8603, administered: false },
      { start: 50000, end: 50059, administered: true },
      { start: 50060, end: 50159, administered: false },
    ]);
  });

  it('reads a translated table (Simplified Chinese, code page 936)', () => {
    expect(parseExcludedPortRanges(fixtureLatin1('windows-netsh-excludedportrange-tcp-zh-cn-cp936.txt'))).toEqual([
      { start: 2869, end: 2869, administered: false },
      { start: 8870, end: 8969, administered: false },
      { start: 50000, end: 50059, administered: true },
    ]);
  });

  it('an empty table has no ranges', () => {
    expect(parseExcludedPortRanges(fixtureLatin1('windows-netsh-excludedportrange-udp-empty.txt'))).toEqual([]);
  });

  it.each([
    [8554, { start: 8504, end: 8603, administered: false }],
    [8504, { start: 8504, end: 8603, administered: false }],
    [8603, { start: 8504, end: 8603, administered: false }],
    [8604, undefined],
    [1935, undefined],
  ])('rangeContaining(%i)', (port, range) => {
    const ranges = parseExcludedPortRanges(fixtureLatin1('windows-netsh-excludedportrange-tcp-en.txt'));
    expect(rangeContaining(ranges, port)).toEqual(range);
  });
});
