import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPoller, type PollResult } from './poller';

class FakeDocument {
  hidden = false;
  private listeners: (() => void)[] = [];
  addEventListener(_: string, fn: () => void) {
    this.listeners.push(fn);
  }
  removeEventListener(_: string, fn: () => void) {
    this.listeners = this.listeners.filter((l) => l !== fn);
  }
  setHidden(hidden: boolean) {
    this.hidden = hidden;
    for (const l of this.listeners) l();
  }
}

describe('startPoller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function poller(results: PollResult[]) {
    const doc = new FakeDocument();
    let i = 0;
    const task = vi.fn(async () => results[Math.min(i++, results.length - 1)]);
    const p = startPoller(task, { fastMs: 1000, idleMs: 2000, maxMs: 15000, doc: doc as unknown as Document });
    return { p, task, doc };
  }

  it('runs at once, then every second while work is in flight', async () => {
    const { p, task } = poller(['active']);
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(task).toHaveBeenCalledTimes(4);
    p.stop();
  });

  it('backs off 2, 4, 8, 15, 15 s while idle', async () => {
    const { p, task } = poller(['idle']);
    await vi.advanceTimersByTimeAsync(0);
    const times: number[] = [];
    let last = 0;
    for (let t = 0; t < 60000; t += 500) {
      const before = task.mock.calls.length;
      await vi.advanceTimersByTimeAsync(500);
      if (task.mock.calls.length > before) {
        times.push(t + 500 - last);
        last = t + 500;
      }
    }
    expect(times.slice(0, 6)).toEqual([2000, 4000, 8000, 15000, 15000, 15000]);
    p.stop();
  });

  it('backs off after errors and returns to 1 s when work appears again', async () => {
    const { p, task } = poller(['error', 'error', 'active']);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.nextDelay).toBe(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(p.nextDelay).toBe(4000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(task).toHaveBeenCalledTimes(3);
    expect(p.nextDelay).toBe(1000);
    p.stop();
  });

  it('stops polling while the page is hidden and polls at once when it is shown again', async () => {
    const { p, task, doc } = poller(['active']);
    await vi.advanceTimersByTimeAsync(0);
    doc.setHidden(true);
    await vi.advanceTimersByTimeAsync(10000);
    expect(task).toHaveBeenCalledTimes(1);
    doc.setHidden(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(3);
    p.stop();
  });

  it('poke runs now and resets the back-off', async () => {
    const { p, task } = poller(['idle', 'idle', 'idle', 'active']);
    await vi.advanceTimersByTimeAsync(6000); // runs at 0, 2 s, 6 s
    expect(task).toHaveBeenCalledTimes(3);
    p.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(4);
    expect(p.nextDelay).toBe(1000);
    p.stop();
  });

  it('does nothing after stop', async () => {
    const { p, task } = poller(['active']);
    await vi.advanceTimersByTimeAsync(0);
    p.stop();
    await vi.advanceTimersByTimeAsync(10000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(p.running).toBe(false);
  });
});
