import { useCallback } from 'react';
import { useLocation } from 'wouter';

// The views live in the address hash (#/jobs/{id}, #/datasets/{name}/versions/{v}), so reloads, links and the Back button
// keep them, and the page works from any path without server-side routes (S3, CloudFront, a sub-path).

export const jobHref = (jobId: string) => `#/jobs/${encodeURIComponent(jobId)}`;
export const datasetsHref = '#/datasets';
export const datasetHref = (name: string) => `#/datasets/${encodeURIComponent(name)}`;
export const versionHref = (name: string, version: number) => `#/datasets/${encodeURIComponent(name)}/versions/${version}`;
/** An agent run on its dataset's page (the "Ask the agents" panel showing that job). */
export const agentRunHref = (name: string, jobId: string) => `#/datasets/${encodeURIComponent(name)}/agents/${encodeURIComponent(jobId)}`;

/** The job chosen on the jobs view: /jobs/{jobId} in the router's location. */
export function jobIdFromPath(path: string): string | null {
  const match = /^\/jobs\/(.+)$/.exec(path);
  if (!match) return null;
  const id = decodeURIComponent(match[1]).trim();
  return id || null;
}

export function useSelectedJob(): [string | null, (jobId: string | null) => void] {
  const [location, navigate] = useLocation();
  const select = useCallback(
    (jobId: string | null) => {
      const target = jobId ? `/jobs/${encodeURIComponent(jobId)}` : '/';
      if (target !== location) navigate(target);
    },
    [navigate, location],
  );
  return [jobIdFromPath(location), select];
}
