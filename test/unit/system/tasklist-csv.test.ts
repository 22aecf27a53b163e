import { describe, expect, it } from 'vitest';
import { parseTasklistCsv } from '../../../src/main/engine/system';
import { fixtureBytes, fixtureLatin1, fixtureUtf8 } from './read-fixture';

describe('parseTasklistCsv', () => {
  it('reads every row of a full listing, names with spaces and non-ASCII characters included', () => {
    expect(fixtureBytes('windows-tasklist-all.csv').includes('\r\n')).toBe(true);
    const rows = parseTasklistCsv(fixtureUtf8('windows-tasklist-all.csv'));
    expect(rows.map((r) => [r.pid, r.name])).toEqual([
      [0, 'System Idle Process'],
      [4, 'System'],
      [1104, 'svchost.exe'],
      [2280, 'svchost.exe'],
      [9412, 'obs64.exe'],
      [11092, 'Adobe Desktop Service.exe'],
      [14076, 'node.exe'],
      [15880, 'mediamtx.exe'],
      [20516, '直播助手.exe'],
      [3312, 'Übertragung Studio.exe'],
    ]);
    expect(rows[4].rest).toEqual(['Console', '1', '312.440 K']);
  });

  it('keeps the PID of a row printed in the OEM code page, whose name is not UTF-8', () => {
    const bytes = fixtureBytes('windows-tasklist-pid-cp850.csv');
    expect(bytes[1]).toBe(0x9a); // "Ü" in code page 850
    const [row] = parseTasklistCsv(fixtureLatin1('windows-tasklist-pid-cp850.csv'));
    expect(row.pid).toBe(3312);
    expect(row.name.endsWith('bertragung Studio.exe')).toBe(true);
  });

  it.each(['windows-tasklist-nomatch-en.txt', 'windows-tasklist-nomatch-de.txt'])(
    '%s: a filter that matches nothing gives no rows',
    (name) => {
      expect(parseTasklistCsv(fixtureLatin1(name))).toEqual([]);
    },
  );

  it.each([
    ['"a ""quoted"" name.exe","12","Console","1","1 K"', 'a "quoted" name.exe', 12],
    ['"svchost.exe","1104","RpcEptMapper,RpcSs"', 'svchost.exe', 1104],
    ['"comma, in name.exe","7","Services","0","8 K"', 'comma, in name.exe', 7],
  ])('CSV quoting: %s', (line, name, pid) => {
    expect(parseTasklistCsv(line)).toEqual([expect.objectContaining({ name, pid })]);
  });

  it('skips lines whose PID is not a number', () => {
    expect(parseTasklistCsv('"Image Name","PID","Session Name"\r\n')).toEqual([]);
  });
});
