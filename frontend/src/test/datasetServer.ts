import { vi } from 'vitest';
import type { Change, DatasetRecord, DatasetVersionDetail, TableSchema } from '../api/datasets';

// A stand-in for the API at the network edge: a fetch that answers the datasets endpoints with the contract's shapes
// (DESIGN.md "Datasets, tables and changes"), keeps the catalog's state, and records every request.

export const shopTables: TableSchema[] = [
  {
    name: 'shop',
    primaryKey: ['_etl_key'],
    naturalKey: { columns: ['order_id'], confidence: 0.95, reason: 'unique and never null in 20 rows, named like a key' },
    foreignKeys: [],
    columns: [
      { name: '_etl_key', type: 'STRING', nullable: false, sourcePath: '$' },
      { name: 'order_id', type: 'INT64', nullable: false, sourcePath: '$.order_id' },
      { name: 'customer__id', type: 'INT64', nullable: false, sourcePath: '$.customer.id' },
      { name: 'customer__name', type: 'STRING', nullable: true, sourcePath: '$.customer.name' },
    ],
    rowCount: 20,
    file: 'output/j1/tables/shop/shop.parquet',
  },
  {
    name: 'shop__items',
    parent: 'shop',
    primaryKey: ['_etl_key'],
    naturalKey: null,
    foreignKeys: [
      { columns: ['_etl_parent_key'], references: { table: 'shop', columns: ['_etl_key'] } },
      { columns: ['sku'], references: { table: 'products', columns: ['sku'] } },
    ],
    columns: [
      { name: '_etl_key', type: 'STRING', nullable: false, sourcePath: '$.items[*]' },
      { name: '_etl_parent_key', type: 'STRING', nullable: false, sourcePath: '$' },
      { name: '_etl_position', type: 'INT32', nullable: false, sourcePath: '$.items[*]' },
      { name: 'sku', type: 'STRING', nullable: false, sourcePath: '$.items[*].sku' },
      { name: 'qty', type: 'INT64', nullable: false, sourcePath: '$.items[*].qty' },
    ],
    rowCount: 47,
  },
];

export const breakingChange: Change = {
  kind: 'type_changed',
  table: 'shop__items',
  column: 'qty',
  from: 'INT64',
  to: 'STRING',
  severity: 'breaking',
  reason: 'STRING cannot be read as INT64: readers of qty break.',
  samples: [
    { order_id: 3, sku: 'A-1', qty: 'two' },
    { order_id: 7, sku: 'B-2', qty: 'many' },
  ],
};

export const infoChange: Change = { kind: 'column_added', table: 'shop', column: 'coupon', to: 'STRING', severity: 'info', reason: 'A new nullable column; readers are not affected.' };

const v1 = (): DatasetVersionDetail => ({
  dataset: 'shop',
  version: 1,
  jobId: '00000000-0000-7000-8000-000000000001',
  createdAt: '2026-12-07T10:00:00Z',
  status: 'current',
  tables: shopTables,
  recommendation: { layout: 'normalized', confidence: 0.9, reason: 'Each order has 2.35 items on average: one wide table would repeat every order.' },
  cost: {
    input: { bytes: 12_000, scanUsd: 0.0000477, storageUsdPerMonth: 0.00000026 },
    tables: [
      { table: 'shop', cost: { bytes: 3_000, scanUsd: 0.0000477, storageUsdPerMonth: 0.00000007 } },
      { table: 'shop__items', cost: { bytes: 2_500, scanUsd: 0.0000477, storageUsdPerMonth: 0.00000006 } },
    ],
    total: { bytes: 5_500, scanUsd: 0.0000954, storageUsdPerMonth: 0.00000013 },
    prices: { athenaUsdPerTb: 5, athenaMinimumBytes: 10_485_760, s3UsdPerGbMonth: 0.023, source: 'AWS list prices, us-east-1' },
  },
  inputRecords: 20,
  aliases: [],
  fromVersion: null,
  decision: 'applied',
  changes: [],
});

const v2 = (): DatasetVersionDetail => ({
  ...v1(),
  version: 2,
  jobId: '00000000-0000-7000-8000-000000000002',
  createdAt: '2026-12-07T11:00:00Z',
  status: 'pending-review',
  fromVersion: 1,
  decision: 'held-for-review',
  changes: [infoChange, breakingChange],
});

export interface Problem {
  status: number;
  detail: string;
  title?: string;
}

export function datasetServer() {
  const record: DatasetRecord = {
    name: 'shop',
    policy: 'evolve',
    currentVersion: 1,
    createdAt: '2026-12-07T10:00:00Z',
    updatedAt: '2026-12-07T11:00:00Z',
    versions: [
      { version: 2, jobId: '00000000-0000-7000-8000-000000000002', createdAt: '2026-12-07T11:00:00Z', status: 'pending-review', changeSummary: '1 breaking, 1 info: qty INT64 → STRING' },
      { version: 1, jobId: '00000000-0000-7000-8000-000000000001', createdAt: '2026-12-07T10:00:00Z', status: 'current', changeSummary: 'first version: 2 tables' },
    ],
  };
  const details: Record<number, DatasetVersionDetail> = { 1: v1(), 2: v2() };
  const failures: { method: string; path: RegExp; problem: Problem }[] = [];
  const requests: { method: string; path: string; body: unknown }[] = [];

  const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
  const problem = (p: Problem) => json(p.status, { type: 'about:blank', title: p.title ?? 'Refused', status: p.status, detail: p.detail }, 'application/problem+json');
  const statusOf = (version: number) => record.versions.find((v) => v.version === version)!;
  const makeCurrent = (version: number) => {
    for (const v of record.versions) if (v.status === 'current') v.status = 'previous';
    statusOf(version).status = 'current';
    record.currentVersion = version;
  };

  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : null;
    requests.push({ method, path: url.pathname, body });
    const failure = failures.find((f) => f.method === method && f.path.test(url.pathname));
    if (failure) return problem(failure.problem);

    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/jobs') return json(200, { jobs: [], nextToken: null });
    if (method === 'GET' && path === '/datasets') return json(200, { datasets: [{ name: 'shop', currentVersion: record.currentVersion, policy: record.policy, tables: ['shop', 'shop__items'], updatedAt: record.updatedAt }] });
    if (!path.startsWith('/datasets/shop')) return problem({ status: 404, detail: `No dataset is named '${path.split('/')[2]}'.` });
    if (method === 'GET' && path === '/datasets/shop') return json(200, record);
    if (method === 'GET' && (m = /^\/datasets\/shop\/versions\/(\d+)$/.exec(path))) {
      const detail = details[Number(m[1])];
      return detail ? json(200, { ...detail, status: statusOf(detail.version).status }) : problem({ status: 404, detail: `Dataset 'shop' has no version ${m[1]}.` });
    }
    if (method === 'POST' && (m = /^\/datasets\/shop\/versions\/(\d+)\/(approve|reject)$/.exec(path))) {
      const version = Number(m[1]);
      if (statusOf(version)?.status !== 'pending-review') return problem({ status: 409, detail: `Version ${version} of 'shop' is not pending review.` });
      if (m[2] === 'approve') makeCurrent(version);
      else statusOf(version).status = 'rejected';
      return json(200, record);
    }
    if (method === 'POST' && path === '/datasets/shop/rollback') {
      makeCurrent(body.version);
      return json(200, record);
    }
    if (method === 'PUT' && path === '/datasets/shop/policy') {
      record.policy = body.mode;
      return json(200, record);
    }
    return problem({ status: 404, detail: `No route ${method} ${path}` });
  });

  return {
    fetch,
    record,
    requests,
    /** The next requests matching method and path answer with this problem. */
    fail(method: string, path: RegExp, p: Problem) {
      failures.push({ method, path, problem: p });
    },
    calls: (method: string, path: string) => requests.filter((r) => r.method === method && r.path === path),
  };
}
