import { describe, expect, it } from 'vitest';
import { supervisedArgs } from '../../../src/main/engine/pipelines/supervisor';

describe('supervisedArgs', () => {
  it('puts progress on stdout, silences stats and tags stderr lines with their level', () => {
    expect(supervisedArgs(['-i', 'in', 'out'])).toEqual(['-hide_banner', '-nostats', '-progress', 'pipe:1', '-loglevel', 'level+info', '-i', 'in', 'out']);
  });

  it('keeps a log level the user chose', () => {
    expect(supervisedArgs(['-v', 'warning', '-i', 'in', 'out'])).toEqual(['-hide_banner', '-nostats', '-progress', 'pipe:1', '-v', 'warning', '-i', 'in', 'out']);
  });

  it('never adds -nostdin: `q` on stdin is how a pipeline stops gracefully', () => {
    expect(supervisedArgs([])).not.toContain('-nostdin');
  });
});
