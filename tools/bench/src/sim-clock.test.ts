import { afterEach, describe, expect, it } from 'vitest';
import { SimClock } from './sim-clock';

const start = Date.parse('2026-11-28T00:00:00.000Z');

/** A clock and a log of what fired when (ms since start), with a settle that notes each round. */
function setup(): {
  clock: SimClock;
  log: string[];
  note: (what: string) => void;
  settle: () => Promise<void>;
} {
  const clock = new SimClock(start);
  const log: string[] = [];
  const note = (what: string) => log.push(`${what}@${clock.now - start}`);
  return {
    clock,
    log,
    note,
    settle: () => {
      note('settle');
      return Promise.resolve();
    },
  };
}

describe('SimClock', () => {
  it('fires timers in due order, same-time ones in the order they were armed, settling once per due time', async () => {
    const { clock, log, note, settle } = setup();
    clock.setTimeout(() => {
      note('c');
    }, 30);
    clock.setTimeout(() => {
      note('a1');
    }, 10);
    clock.setTimeout(() => {
      note('b');
    }, 20);
    clock.setTimeout(() => {
      note('a2');
    }, 10);
    clock.setTimeout(() => {
      note('late');
    }, 101);
    await clock.advanceTo(start + 100, settle);
    expect(log).toEqual(['a1@10', 'a2@10', 'settle@10', 'b@20', 'settle@20', 'c@30', 'settle@30']);
    expect(clock.now).toBe(start + 100);
    expect(clock.pending).toBe(1);
  });

  it('passes extra arguments and treats a delay below 1 ms, or not a number, as 1 ms', async () => {
    const { clock, log, note, settle } = setup();
    clock.setTimeout(
      (what: string, more: number) => {
        note(`${what}${more}`);
      },
      0,
      'x',
      1,
    );
    clock.setTimeout(() => {
      note('nan');
    }, Number.NaN);
    clock.setTimeout(() => {
      note('fraction');
    }, 1.5);
    await clock.advanceTo(start + 5, settle);
    expect(log).toEqual(['x1@1', 'nan@1', 'settle@1', 'fraction@2', 'settle@2']);
  });

  it('repeats an interval until it is cleared, also from its own callback', async () => {
    const { clock, log, note, settle } = setup();
    let ticks = 0;
    const interval = clock.setInterval(() => {
      note('tick');
      if (++ticks === 3) clock.clearTimeout(interval);
    }, 25);
    await clock.advanceTo(start + 200, settle);
    expect(log.filter((line) => !line.startsWith('settle'))).toEqual(['tick@25', 'tick@50', 'tick@75']);
    expect(clock.pending).toBe(0);
  });

  it('never fires a cleared timer, whether cleared by object or by the number it turned into', async () => {
    const { clock, log, note, settle } = setup();
    const byObject = clock.setTimeout(() => {
      note('object');
    }, 10);
    const byNumber = Number(
      clock.setTimeout(() => {
        note('number');
      }, 10),
    );
    clock.setTimeout(() => {
      note('kept');
    }, 10);
    clock.clearTimeout(byObject);
    clock.clearTimeout(byNumber);
    clock.clearTimeout(undefined);
    clock.clearTimeout(12345);
    await clock.advanceTo(start + 20, settle);
    expect(log).toEqual(['kept@10', 'settle@10']);
  });

  it('fires timers armed while firing in a later round, after settling, even when due at once', async () => {
    const { clock, log, note, settle } = setup();
    clock.setTimeout(() => {
      note('outer');
      clock.setTimeout(() => {
        note('inner');
        clock.setTimeout(() => {
          note('innermost');
        }, 5);
      }, 0);
    }, 10);
    clock.setTimeout(() => {
      note('same time');
    }, 10);
    clock.setTimeout(() => {
      note('next');
    }, 11);
    await clock.advanceTo(start + 50, settle);
    expect(log).toEqual([
      'outer@10',
      'same time@10',
      'settle@10',
      'next@11',
      'inner@11',
      'settle@11',
      'innermost@16',
      'settle@16',
    ]);
  });

  it('fires timers armed in settle, and those settle resolves, at their own time within the same advance', async () => {
    const { clock, log, note } = setup();
    let armed = false;
    clock.setTimeout(() => {
      note('first');
    }, 10);
    await clock.advanceTo(start + 100, () => {
      note('settle');
      if (!armed) {
        armed = true;
        clock.setTimeout(() => {
          note('from settle');
        }, 30);
      }
      return Promise.resolve();
    });
    expect(log).toEqual(['first@10', 'settle@10', 'from settle@40', 'settle@40']);
  });

  it('refreshes a timer from now, also after it fired, but not after it was cleared', async () => {
    const { clock, log, note, settle } = setup();
    const timer = clock.setTimeout(() => {
      note('t');
    }, 10);
    await clock.advanceTo(start + 5, settle);
    expect(timer.refresh()).toBe(timer);
    await clock.advanceTo(start + 20, settle);
    timer.refresh();
    await clock.advanceTo(start + 40, settle);
    clock.clearTimeout(timer);
    timer.refresh();
    await clock.advanceTo(start + 100, settle);
    expect(log.filter((line) => !line.startsWith('settle'))).toEqual(['t@15', 't@30']);
  });

  it('has ref, unref and hasRef like Node, chained', () => {
    const { clock } = setup();
    const timer = clock.setTimeout(() => undefined, 10);
    expect(timer.hasRef()).toBe(true);
    expect(timer.unref().hasRef()).toBe(false);
    expect(timer.ref().hasRef()).toBe(true);
    timer.close();
    expect(clock.pending).toBe(0);
  });

  it('keeps firing in order after compacting many cleared timers', async () => {
    const { clock, settle } = setup();
    const fired: number[] = [];
    const timers = Array.from({ length: 5000 }, (_, index) =>
      clock.setTimeout(() => fired.push(index), 1 + ((index * 7919) % 1000)),
    );
    timers.forEach((timer, index) => {
      if (index % 5 !== 0) clock.clearTimeout(timer);
    });
    expect(clock.pending).toBe(1000);
    await clock.advanceTo(start + 2000, settle);
    const expected = Array.from({ length: 1000 }, (_, k) => k * 5).sort(
      (a, b) => ((a * 7919) % 1000) - ((b * 7919) % 1000) || a - b,
    );
    expect(fired).toEqual(expected);
    expect(clock.pending).toBe(0);
  });

  describe('installed', () => {
    let clock: SimClock | undefined;
    afterEach(() => {
      clock?.uninstall();
    });

    it('drives Date and the global timer functions, and gives them back', async () => {
      const realSetTimeout = globalThis.setTimeout;
      const realNow = Date.now();
      clock = new SimClock(start);
      clock.install();
      expect(Date.now()).toBe(start);
      expect(new Date().getTime()).toBe(start);
      const log: string[] = [];
      const timeout = setTimeout(() => log.push(`timeout@${Date.now() - start}`), 1000);
      const interval = setInterval(() => log.push(`interval@${Date.now() - start}`), 700);
      expect(typeof +timeout).toBe('number');
      await clock.advanceTo(start + 1500, () => Promise.resolve());
      clearInterval(interval);
      await clock.advanceTo(start + 3000, () => Promise.resolve());
      expect(log).toEqual(['interval@700', 'timeout@1000', 'interval@1400']);
      expect(Date.now()).toBe(start + 3000);
      clock.uninstall();
      expect(globalThis.setTimeout).toBe(realSetTimeout);
      expect(Date.now()).toBeGreaterThanOrEqual(realNow);
    });

    it('clears a real timer armed before the install for real', async () => {
      let fired = 0;
      const real = setInterval(() => fired++, 1);
      clock = new SimClock(start);
      clock.install();
      clearInterval(real);
      clock.uninstall();
      // Armed later and due later than the real interval, so the interval would have fired first.
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(fired).toBe(0);
    });
  });
});
