import { useState } from 'react';
import { ApiError, type ApiClient } from '../api/client';
import type { Artifact } from '../api/types';
import { DownloadIcon } from '../components/Icons';

const ARTIFACTS: { artifact: Artifact; label: string; primary?: boolean }[] = [
  { artifact: 'dbt', label: 'Download the dbt project (zip)', primary: true },
  { artifact: 'plan', label: 'Download the plan (JSON)' },
  { artifact: 'log', label: 'Download the run log (JSON)' },
];

/** The run's artifacts: the project zip, planning.json and run.json, each through a signed link. */
export function RunDownloads({ api, jobId, navigate = (url) => window.location.assign(url) }: { api: ApiClient | null; jobId: string; navigate?: (url: string) => void }) {
  const [busy, setBusy] = useState<Artifact | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = async (artifact: Artifact) => {
    if (!api) return;
    setBusy(artifact);
    setError(null);
    try {
      navigate((await api.download(jobId, artifact)).downloadUrl);
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="downloads">
      {ARTIFACTS.map(({ artifact, label, primary }) => (
        <button key={artifact} type="button" className={`button${primary ? ' button-primary' : ''}`} disabled={busy !== null} onClick={() => download(artifact)}>
          {primary && <DownloadIcon size={18} />}
          {label}
        </button>
      ))}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
