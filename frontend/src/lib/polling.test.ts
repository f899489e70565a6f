import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { polling } from './polling';
import { createQueryClient } from './queryClient';

type Answer = 'active' | 'idle' | 'error';

// The polling of the job views through react-query itself (a QueryObserver, as useQuery uses), on fake timers.
describe('polling', () => {
  let client: QueryClient;
  let stop: () => void = () => {};
  beforeEach(() => {
    vi.useFakeTimers();
    client = createQueryClient();
    client.mount(); // as QueryClientProvider does: it listens for focus (the tab shown again)
  });
  afterEach(() => {
    stop();
    client.unmount();
    client.clear();
    vi.useRealTimers();
  });

  function poll(answers: Answer[], finished?: (data: Answer | undefined) => boolean) {
    let i = 0;
    const task = vi.fn(async (): Promise<Answer> => {
      const answer = answers[Math.min(i++, answers.length - 1)];
      if (answer === 'error') throw new Error('unreachable');
      return answer;
    });
    const interval = polling<Answer>((a) => a === 'active', { fastMs: 1000, idleMs: 2000, maxMs: 15000 }, finished && ((q) => finished(q.state.data)));
    const observer = new QueryObserver(client, { queryKey: ['poll'], queryFn: task, refetchInterval: interval });
    stop = observer.subscribe(() => {});
    return { task, interval, observer };
  }

  it('asks at once, then every second while work is in flight', async () => {
    const { task } = poll(['active']);
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(task).toHaveBeenCalledTimes(4);
  });

  it('backs off 2, 4, 8, 15, 15 s while idle', async () => {
    const { task } = poll(['idle']);
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
  });

  it('backs off after errors and returns to 1 s when work appears again', async () => {
    const { task, interval } = poll(['error', 'error', 'active']);
    await vi.advanceTimersByTimeAsync(0);
    expect(interval.delay).toBe(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(interval.delay).toBe(4000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(task).toHaveBeenCalledTimes(3);
    expect(interval.delay).toBe(1000);
  });

  it('stops asking while the page is hidden and asks at once when it is shown again', async () => {
    const { task } = poll(['active']);
    await vi.advanceTimersByTimeAsync(0);
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(10000);
    expect(task).toHaveBeenCalledTimes(1);
    hidden.mockReturnValue(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('a refresh asks now and resets the back-off', async () => {
    const { task, interval, observer } = poll(['idle', 'idle', 'idle', 'active']);
    await vi.advanceTimersByTimeAsync(6000); // asks at 0, 2 s, 6 s
    expect(task).toHaveBeenCalledTimes(3);
    interval.reset();
    void observer.refetch();
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(4);
    expect(interval.delay).toBe(1000);
  });

  it('stops for good once the answer is final', async () => {
    const { task } = poll(['active', 'idle'], (data) => data === 'idle');
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(60000);
    expect(task).toHaveBeenCalledTimes(2);
  });
});
