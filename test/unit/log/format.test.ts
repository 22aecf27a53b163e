import { describe, expect, it } from 'vitest';
import { formatLogLine, formatLogTime, formatModuleTag } from '../../../src/main/engine/log/format';

describe('log line format', () => {
  const time = new Date(2026, 10, 22, 2, 40, 1).getTime(); // local time, as printed

  it('looks like MediaMTX: time, level, tag, message', () => {
    const line = formatLogLine({ seq: 1, time, level: 'info', module: 'rtmp', message: 'listener opened on :1935' }, '[RTMP]');
    expect(line).toBe('2026/11/22 02:40:01 INF [RTMP] listener opened on :1935\n');
  });

  it.each([
    ['error', 'ERR'],
    ['warn', 'WAR'],
    ['info', 'INF'],
    ['debug', 'DEB'],
  ] as const)('level %s prints as %s', (level, tag) => {
    expect(formatLogLine({ seq: 1, time, level, module: 'x', message: 'm' })).toBe(`2026/11/22 02:40:01 ${tag} [X] m\n`);
  });

  it('tags sub-modules in their own brackets, upper-casing only the top one', () => {
    expect(formatModuleTag(['rtsp', 'conn 127.0.0.1:5000', 'session 1a'])).toBe('[RTSP] [conn 127.0.0.1:5000] [session 1a]');
    expect(formatModuleTag([])).toBe('');
  });

  it('omits the tag for an untagged entry', () => {
    expect(formatLogLine({ seq: 1, time, level: 'info', module: '', message: 'hi' }, '')).toBe('2026/11/22 02:40:01 INF hi\n');
  });

  it('indents continuation lines so a message cannot forge another entry', () => {
    const forged = 'bad request\n2026/11/22 02:40:01 ERR [API] fake\r\nend';
    const lines = formatLogLine({ seq: 1, time, level: 'warn', module: 'api', message: forged }).split('\n');
    expect(lines).toEqual(['2026/11/22 02:40:01 WAR [API] bad request', '    2026/11/22 02:40:01 ERR [API] fake', '    end', '']);
  });

  it('pads date and time fields', () => {
    expect(formatLogTime(new Date(2027, 0, 5, 7, 8, 9).getTime())).toBe('2027/01/05 07:08:09');
  });
});
