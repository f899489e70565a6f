import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiClient } from '../api/client';
import type { DatasetRecord, Policy } from '../api/datasets';
import { polling } from '../lib/polling';

// Query keys: everything about datasets sits under ['datasets'], so one invalidation refreshes every view of them.
export const datasetsKey = ['datasets'] as const;
export const datasetKey = (name: string) => ['datasets', name] as const;
export const versionKey = (name: string, version: number) => ['datasets', name, 'versions', version] as const;

export function useDatasetList(api: ApiClient | null) {
  return useQuery({ queryKey: datasetsKey, queryFn: ({ signal }) => api!.listDatasets(signal), enabled: api !== null });
}

/** One dataset and its versions; asked again on a slow back-off, since a new upload may add a version at any time. */
export function useDataset(api: ApiClient | null, name: string) {
  const [interval] = useState(() => polling<DatasetRecord>(() => false, { idleMs: 3000, maxMs: 15000 }));
  return useQuery({ queryKey: datasetKey(name), queryFn: ({ signal }) => api!.getDataset(name, signal), enabled: api !== null, refetchInterval: interval });
}

export function useDatasetVersion(api: ApiClient | null, name: string, version: number | null) {
  return useQuery({
    queryKey: versionKey(name, version ?? 0),
    queryFn: ({ signal }) => api!.getVersion(name, version!, signal),
    enabled: api !== null && version !== null,
  });
}

export type DatasetAction = { kind: 'approve' | 'reject' | 'rollback'; version: number } | { kind: 'policy'; mode: Policy };

/** Approve, reject, rollback and the policy: each answers with the dataset, and every view of it is asked again. */
export function useDatasetAction(api: ApiClient | null, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: DatasetAction): Promise<DatasetRecord> => {
      if (!api) return Promise.reject(new Error('The page is still starting.'));
      switch (action.kind) {
        case 'approve':
          return api.approve(name, action.version);
        case 'reject':
          return api.reject(name, action.version);
        case 'rollback':
          return api.rollback(name, action.version);
        case 'policy':
          return api.setPolicy(name, action.mode);
      }
    },
    onSuccess: async (record) => {
      queryClient.setQueryData(datasetKey(name), record);
      // A decision changes the version's status and its job's review field too.
      await Promise.all([queryClient.invalidateQueries({ queryKey: datasetsKey }), queryClient.invalidateQueries({ queryKey: ['job'] }), queryClient.invalidateQueries({ queryKey: ['jobs'] })]);
    },
  });
}

export const actionLabel = (action: DatasetAction) =>
  action.kind === 'policy' ? `set the policy to ${action.mode}` : `${action.kind} version ${action.version}`;
