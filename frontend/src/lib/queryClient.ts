import { focusManager, notifyManager, QueryClient } from '@tanstack/react-query';

// Answers reach the views in the same turn as the response (as they did before react-query), not one timer later.
notifyManager.setScheduler(queueMicrotask);

// "Focused" means "the tab is visible": polling pauses while the page is hidden and asks at once when it is shown again.
// react-query's own listener reads document.visibilityState; this one reads document.hidden, which every browser has.
focusManager.setEventListener((setFocused) => {
  if (typeof document === 'undefined') return undefined;
  const onChange = () => setFocused(!document.hidden);
  document.addEventListener('visibilitychange', onChange, false);
  return () => document.removeEventListener('visibilitychange', onChange);
});

/** The page's server state. A failed request is not retried at once: polling asks again on its own back-off. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, networkMode: 'always', refetchOnWindowFocus: true },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
