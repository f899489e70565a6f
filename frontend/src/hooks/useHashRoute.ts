import { useCallback, useEffect, useState } from 'react';

const PREFIX = '#/jobs/';

/** The selected job lives in the address (#/jobs/{jobId}) so reloads, links and the Back button keep it. */
export function jobIdFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  const id = decodeURIComponent(hash.slice(PREFIX.length)).trim();
  return id || null;
}

export function jobHref(jobId: string): string {
  return `${PREFIX}${encodeURIComponent(jobId)}`;
}

export function useSelectedJob(): [string | null, (jobId: string | null) => void] {
  const [selected, setSelected] = useState(() => jobIdFromHash(window.location.hash));
  useEffect(() => {
    // Only route hashes (#/…, or none) select; in-page anchors such as the skip link (#main) leave the selection alone.
    const onChange = () => {
      const hash = window.location.hash;
      if (hash === '' || hash === '#' || hash.startsWith('#/')) setSelected(jobIdFromHash(hash));
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const select = useCallback((jobId: string | null) => {
    const hash = jobId ? jobHref(jobId) : '#/';
    if (window.location.hash !== hash) window.location.hash = hash;
    setSelected(jobId);
  }, []);
  return [selected, select];
}
