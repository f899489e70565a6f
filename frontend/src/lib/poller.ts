/**
 * Polls a task: every fastMs while the task says work is in flight, backing off (doubling up to maxMs) while it is not
 * or while it fails, paused while the page is hidden, and at once when the page becomes visible again or on poke().
 */
export interface PollerOptions {
  fastMs?: number;
  /** First interval when idle; doubles each idle round up to maxMs. */
  idleMs?: number;
  maxMs?: number;
  doc?: Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

export interface Poller {
  /** Run now and go back to the fast interval (after the user did something). */
  poke(): void;
  stop(): void;
  /** The wait before the next run, for tests and display. */
  readonly nextDelay: number;
  readonly running: boolean;
}

export type PollResult = 'active' | 'idle' | 'error';

export function startPoller(task: () => Promise<PollResult>, options: PollerOptions = {}): Poller {
  const fastMs = options.fastMs ?? 1000;
  const idleMs = options.idleMs ?? 2000;
  const maxMs = options.maxMs ?? 15000;
  const doc = options.doc ?? (typeof document !== 'undefined' ? document : undefined);
  const timers = options.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };

  let stopped = false;
  let inFlight = false;
  let again = false;
  let handle: unknown = null;
  let delay = fastMs;

  const schedule = () => {
    if (stopped) return;
    if (handle !== null) timers.clear(handle);
    handle = null;
    if (doc?.hidden) return; // resumed by visibilitychange
    handle = timers.set(run, delay);
  };

  async function run() {
    handle = null;
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    let result: PollResult = 'error';
    try {
      result = await task();
    } catch {
      result = 'error';
    }
    inFlight = false;
    if (stopped) return;
    delay = result === 'active' ? fastMs : delay <= fastMs ? idleMs : Math.min(delay * 2, maxMs);
    if (again) {
      again = false;
      delay = fastMs;
      void run();
      return;
    }
    schedule();
  }

  const onVisibility = () => {
    if (stopped) return;
    if (doc?.hidden) {
      if (handle !== null) timers.clear(handle);
      handle = null;
    } else {
      delay = fastMs;
      if (handle !== null) timers.clear(handle);
      handle = null;
      void run();
    }
  };
  doc?.addEventListener('visibilitychange', onVisibility);

  void run();

  return {
    poke() {
      if (stopped) return;
      delay = fastMs;
      if (handle !== null) timers.clear(handle);
      handle = null;
      void run();
    },
    stop() {
      stopped = true;
      if (handle !== null) timers.clear(handle);
      handle = null;
      doc?.removeEventListener('visibilitychange', onVisibility);
    },
    get nextDelay() {
      return delay;
    },
    get running() {
      return !stopped;
    },
  };
}
