// The simulated clock of figure 8's fleet: Date, setTimeout, clearTimeout, setInterval and clearInterval on
// one timer queue, a binary heap ordered by (due time, order of arming). @sinonjs/fake-timers scans every
// pending timer for each timer it fires, and waits a real setTimeout after each; with tens of thousands of
// SDK clients that is quadratic and slow. Here firing a timer costs O(log n), a cleared timer stays in the
// heap until it comes up (or a compaction drops it), and the caller's `settle` (real I/O: msw's in-process
// HTTP) runs once per distinct due time, so requests a timer starts are answered at the time it fired.
// Date is @sinonjs/fake-timers' own, moved with `setSystemTime`; setImmediate, process.nextTick and
// performance stay real.
import FakeTimers from '@sinonjs/fake-timers';

/** Node's largest delay; a delay above it, below 1 ms or not a number becomes 1 ms, as in Node. */
const timeoutMax = 2 ** 31 - 1;

/** Stale heap entries tolerated before a compaction, when they are also more than half the heap. */
const compactAbove = 1024;

/** One arming of a timer; stale once the timer is cleared, refreshed or has fired. */
interface Entry {
  readonly due: number;
  readonly order: number;
  readonly timer: SimTimeout;
}

function noop(): void {
  // A cleared timer's callback.
}

function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.order < b.order);
}

function delayOf(delay: unknown): number {
  const ms = Number(delay);
  return ms >= 1 && ms <= timeoutMax ? Math.ceil(ms) : 1;
}

/** What the fake `setTimeout` and `setInterval` return: enough of Node's `Timeout` for the SDK and msw. */
export class SimTimeout {
  /** `order` of the live heap entry, or -1 when not armed (fired, cleared, or firing now). */
  armed = -1;
  cleared = false;
  /** Set once the timer was turned into a number (`Symbol.toPrimitive`), so clearTimeout(number) finds it. */
  id: number | undefined;
  #refed = true;
  readonly #clock: SimClock;
  /** The callback with its arguments; dropped once cleared, so a stale heap entry holds on to nothing. */
  run: () => void;
  readonly delay: number;
  readonly repeat: boolean;

  constructor(clock: SimClock, run: () => void, delay: number, repeat: boolean) {
    this.#clock = clock;
    this.run = run;
    this.delay = delay;
    this.repeat = repeat;
  }

  ref(): this {
    this.#refed = true;
    return this;
  }

  /** Kept for the callers' sake; a simulated timer never holds the process open. */
  unref(): this {
    this.#refed = false;
    return this;
  }

  hasRef(): boolean {
    return this.#refed;
  }

  /** Re-arms the timer `delay` from now, as Node does, also after it fired; a cleared timer stays cleared. */
  refresh(): this {
    this.#clock.refresh(this);
    return this;
  }

  close(): this {
    this.#clock.clearTimeout(this);
    return this;
  }

  [Symbol.toPrimitive](): number {
    return this.#clock.idOf(this);
  }
}

type TimerFunctions = Pick<
  typeof globalThis,
  'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval'
>;

/** A clock that moves only when told to, with its own timer queue; `install()` puts it behind the globals. */
export class SimClock {
  #now: number;
  #order = 0;
  #heap: Entry[] = [];
  #stale = 0;
  #nextId = 1;
  readonly #ids = new Map<number, SimTimeout>();
  #installed: { readonly date: FakeTimers.InstalledClock; readonly saved: TimerFunctions } | undefined;

  constructor(start: number) {
    this.#now = start;
  }

  get now(): number {
    return this.#now;
  }

  /** Timers armed and not yet fired or cleared. */
  get pending(): number {
    return this.#heap.length - this.#stale;
  }

  setTimeout<A extends unknown[]>(callback: (...args: A) => void, delay?: number, ...args: A): SimTimeout {
    return this.#create(callback, delay, args, false);
  }

  setInterval<A extends unknown[]>(callback: (...args: A) => void, delay?: number, ...args: A): SimTimeout {
    return this.#create(callback, delay, args, true);
  }

  /** Clears a timer or interval, by object or by the number it turned into; anything else is ignored. */
  clearTimeout(handle: unknown): void {
    const timer =
      handle instanceof SimTimeout
        ? handle
        : typeof handle === 'number' || typeof handle === 'string'
          ? this.#ids.get(Number(handle))
          : undefined;
    if (timer === undefined) return;
    timer.cleared = true;
    timer.run = noop;
    this.#disarm(timer);
    if (timer.id !== undefined) this.#ids.delete(timer.id);
  }

  refresh(timer: SimTimeout): void {
    if (timer.cleared) return;
    this.#disarm(timer);
    this.#arm(timer);
  }

  idOf(timer: SimTimeout): number {
    timer.id ??= this.#nextId++;
    if (timer.armed !== -1) this.#ids.set(timer.id, timer);
    return timer.id;
  }

  /**
   * Moves the clock to `to`, firing every timer due by then in (due time, order of arming); timers due at
   * the same time fire one after the other, then `settle` runs before the clock moves on. A timer armed
   * while firing is due 1 ms or more later, so it fires in a later round, after `settle`.
   */
  async advanceTo(to: number, settle: () => Promise<void>): Promise<void> {
    for (let next = this.#peek(); next !== undefined && next.due <= to; next = this.#peek()) {
      this.#setNow(next.due);
      for (let entry: Entry | undefined = next; entry?.due === this.#now; entry = this.#peek()) {
        this.#pop();
        const timer = entry.timer;
        timer.armed = -1;
        if (!timer.repeat && timer.id !== undefined) this.#ids.delete(timer.id);
        timer.run();
        // Re-armed after its callback, as in Node, unless the callback cleared or refreshed it.
        if (timer.repeat && !timer.cleared && timer.armed === -1) this.#arm(timer);
      }
      await settle();
    }
    if (to > this.#now) this.#setNow(to);
  }

  /** Puts this clock behind Date and the global timer functions. */
  install(): void {
    if (this.#installed !== undefined) throw new Error('this SimClock is already installed');
    const saved: TimerFunctions = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
    };
    const date = FakeTimers.install({ now: this.#now, toFake: ['Date'] });
    this.#installed = { date, saved };
    // A real Node timer armed before the install is still cleared for real.
    const clear = (handle: unknown): void => {
      if (typeof handle === 'object' && handle !== null && !(handle instanceof SimTimeout)) {
        saved.clearTimeout(handle as NodeJS.Timeout);
      } else {
        this.clearTimeout(handle);
      }
    };
    Object.assign(globalThis, {
      setTimeout: <A extends unknown[]>(callback: (...args: A) => void, delay?: number, ...args: A) =>
        this.setTimeout(callback, delay, ...args),
      setInterval: <A extends unknown[]>(callback: (...args: A) => void, delay?: number, ...args: A) =>
        this.setInterval(callback, delay, ...args),
      clearTimeout: clear,
      clearInterval: clear,
    });
  }

  /** Gives Date and the timer functions back; timers still armed here never fire. */
  uninstall(): void {
    if (this.#installed === undefined) return;
    Object.assign(globalThis, this.#installed.saved);
    this.#installed.date.uninstall();
    this.#installed = undefined;
  }

  #create<A extends unknown[]>(
    callback: (...args: A) => void,
    delay: unknown,
    args: A,
    repeat: boolean,
  ): SimTimeout {
    const run = (): void => {
      callback(...args);
    };
    const timer = new SimTimeout(this, run, delayOf(delay), repeat);
    this.#arm(timer);
    return timer;
  }

  #setNow(now: number): void {
    this.#now = now;
    this.#installed?.date.setSystemTime(now);
  }

  #arm(timer: SimTimeout): void {
    const order = ++this.#order;
    timer.armed = order;
    if (timer.id !== undefined) this.#ids.set(timer.id, timer);
    this.#push({ due: this.#now + timer.delay, order, timer });
  }

  #disarm(timer: SimTimeout): void {
    if (timer.armed === -1) return;
    timer.armed = -1;
    this.#stale++;
    if (this.#stale > compactAbove && this.#stale * 2 > this.#heap.length) {
      // Sorted by (due, order) is a valid heap.
      this.#heap = this.#heap
        .filter((entry) => entry.timer.armed === entry.order)
        .sort((a, b) => a.due - b.due || a.order - b.order);
      this.#stale = 0;
    }
  }

  /** The earliest live entry, dropping stale ones from the top. */
  #peek(): Entry | undefined {
    for (let top = this.#heap[0]; top !== undefined; top = this.#heap[0]) {
      if (top.timer.armed === top.order) return top;
      this.#pop();
      this.#stale--;
    }
    return undefined;
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent === undefined || !before(entry, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let child = heap[left];
      let childIndex = left;
      const other = heap[right];
      if (other !== undefined && (child === undefined || before(other, child))) {
        child = other;
        childIndex = right;
      }
      if (child === undefined || !before(child, last)) break;
      heap[index] = child;
      index = childIndex;
    }
    heap[index] = last;
  }
}
