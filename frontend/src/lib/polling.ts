import type { Query } from '@tanstack/react-query';

/**
 * How often react-query asks the server again: every fastMs while work is in flight, backing off (idleMs, doubling up to
 * maxMs) while it is not or while the server fails. Pausing while the tab is hidden and asking at once when it is shown
 * again are react-query's own (refetchInterval is skipped while unfocused, refetchOnWindowFocus; see queryClient.ts).
 */
export interface PollingOptions {
  fastMs?: number;
  /** First interval when idle; doubles each idle round up to maxMs. */
  idleMs?: number;
  maxMs?: number;
}

export interface Polling<T> {
  /** A refetchInterval for useQuery. */
  (query: Query<T, Error, T, readonly unknown[]>): number | false;
  /** Back to the fast interval (after the user did something). */
  reset(): void;
  /** The wait before the next request, for tests and display. */
  readonly delay: number;
}

/**
 * isActive says whether the answer shows work in flight; finished says whether polling can stop for good (a job that
 * completed or does not exist).
 */
export function polling<T>(isActive: (data: T) => boolean, options: PollingOptions = {}, finished?: (query: Query<T, Error, T, readonly unknown[]>) => boolean): Polling<T> {
  const fastMs = options.fastMs ?? 1000;
  const idleMs = options.idleMs ?? 2000;
  const maxMs = options.maxMs ?? 15000;
  let delay = fastMs;
  let seen = '';

  const interval = ((query) => {
    if (finished?.(query)) return false;
    const { status, data, dataUpdateCount, errorUpdateCount } = query.state;
    // Called on every change of the query (a fetch starting, too): only a new answer moves the back-off.
    const answer = `${query.queryHash}#${dataUpdateCount}#${errorUpdateCount}`;
    if (answer !== seen && (dataUpdateCount > 0 || errorUpdateCount > 0)) {
      seen = answer;
      const active = status !== 'error' && data !== undefined && isActive(data);
      delay = active ? fastMs : delay <= fastMs ? idleMs : Math.min(delay * 2, maxMs);
    }
    return delay;
  }) as Polling<T>;
  interval.reset = () => {
    delay = fastMs;
  };
  Object.defineProperty(interval, 'delay', { get: () => delay });
  return interval;
}
