import { describe, expect, it } from 'vitest';
import { createProgressBar, progressLine } from '../src/cli/progress-bar.js';

describe('progress bar', () => {
  it('draws the filled share, the percentage and the slot counts', () => {
    expect(progressLine(0, 10, 10)).toBe('[----------]   0% 0/10 slots');
    expect(progressLine(5, 10, 10)).toBe('[#####-----]  50% 5/10 slots');
    expect(progressLine(10, 10, 10)).toBe('[##########] 100% 10/10 slots');
    expect(progressLine(0, 0, 4)).toBe('[####] 100% 0/0 slots');
  });

  it('redraws in place at most once per interval, always at the end, and clears its line', () => {
    const written: string[] = [];
    let now = 0;
    const bar = createProgressBar({ write: (t: string) => written.push(t), columns: 50 }, () => now, 100);
    bar.update(1, 4);
    now = 50;
    bar.update(2, 4);
    now = 150;
    bar.update(3, 4);
    now = 160;
    bar.update(4, 4);
    bar.stop();
    expect(written).toEqual([
      '\r[###-------]  25% 1/4 slots',
      '\r[########--]  75% 3/4 slots',
      '\r[##########] 100% 4/4 slots',
      `\r${' '.repeat(27)}\r`,
    ]);
  });
});
