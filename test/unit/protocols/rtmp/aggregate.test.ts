import { describe, expect, it } from 'vitest';
import { splitAggregateMessage } from '../../../../src/main/engine/protocols/rtmp/aggregate';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('aggregate messages (§7.1.6)', () => {
  it('splits sub-messages and rebases their timestamps on the aggregate’s', () => {
    // Two sub-messages (audio at 1000, video at 1033) in an aggregate stamped 5000.
    const payload = hex('08 000002 0003e8 00 000000 aabb 0000000d' + '09 000001 000409 00 000000 cc 0000000c');
    expect(splitAggregateMessage({ typeId: 22, streamId: 1, timestamp: 5000, payload })).toEqual([
      { typeId: 8, streamId: 1, timestamp: 5000, payload: hex('aabb') },
      { typeId: 9, streamId: 1, timestamp: 5033, payload: hex('cc') },
    ]);
  });

  it.each(['08 0000', '08 000005 000000 00 000000 aa 00000000'])('rejects the truncated aggregate %s', (wire) => {
    expect(() => splitAggregateMessage({ typeId: 22, streamId: 1, timestamp: 0, payload: hex(wire) })).toThrow(
      expect.objectContaining({ name: 'RtmpProtocolError', code: 'INVALID_AGGREGATE' }),
    );
  });
});
