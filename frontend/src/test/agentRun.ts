import type { AgentRun } from '../api/agents';

// A run log (run.json, GET /download/{jobId}?artifact=log) as the contract describes it: the offline agent's project for
// the dataset `shop` (orders and their items), a daily mart, every model and test green. Tests derive failing and
// updating runs from it.

const stgOrders = `with source as (

    select * from {{ source('shop', 'orders') }}

),

renamed as (

    select
        cast(order_id as bigint) as order_id,
        cast(placed_at as timestamp) as placed_at,
        cast(status as varchar) as status,
        cast(customer__id as bigint) as customer_id,
        _etl_key
    from source

)

select * from renamed
`;

const stgItems = `with source as (

    select * from {{ source('shop', 'orders__items') }}

),

renamed as (

    select
        _etl_parent_key,
        _etl_position,
        cast(sku as varchar) as sku,
        cast(qty as bigint) as qty,
        cast(price as double) as price
    from source

)

select * from renamed
`;

const intJoined = `select
    o.order_id,
    o.placed_at,
    i.sku,
    i.qty,
    i.price
from {{ ref('stg_shop__orders') }} as o
join {{ ref('stg_shop__orders_items') }} as i
    on i._etl_parent_key = o._etl_key
`;

const fctDaily = `{{ config(materialized='table') }}

select
    date_trunc('day', placed_at) as order_day,
    count(distinct order_id) as orders,
    sum(qty * price) as revenue
from {{ ref('int_orders_items_joined') }}
group by 1
`;

const project = `name: shop
version: '1.0.0'
config-version: 2
profile: shop
model-paths: ['models']
models:
  shop:
    staging:
      +materialized: view
    intermediate:
      +materialized: view
    marts:
      +materialized: table
`;

const stagingModels = `version: 2
models:
  - name: stg_shop__orders
    description: One row per order, renamed and cast.
    columns:
      - name: order_id
        description: The order's key.
        data_tests:
          - unique
          - not_null
      - name: status
        data_tests:
          - accepted_values:
              arguments:
                values: ['shipped', 'cancelled']
  - name: stg_shop__orders_items
    description: One row per item of an order.
`;

const sources = `version: 2
sources:
  - name: shop
    schema: shop
    tables:
      - name: orders
        description: Orders, one row per order.
        meta:
          external_location: /data/datasets/shop/v1/orders.parquet
      - name: orders__items
        description: The items of each order.
`;

const decision = (action: string, confidence: number, reasoning: string) => ({ action, confidence, reasoning });

export const agentRun: AgentRun = {
  runId: 'run_20261207_180000_0000000000000000000000000000000a',
  jobId: '0000000000000000000000000000000a',
  agent: 'offline',
  model: 'rule-based',
  prompt: 'staging models and a daily mart',
  prompts: ['staging models and a daily mart'],
  source: { name: 'shop', dataset: 'shop', datasetVersion: 1, jobId: '00000000000000000000000000000001', tables: ['orders', 'orders__items'] },
  costEstimateUsd: 0,
  tokens: { input: 0, output: 0 },
  costUsd: 0,
  stages: [
    { stage: 'plan', file: 'planning.json', durationSeconds: 0.012, tokens: { input: 0, output: 0 }, costUsd: 0, decisions: [decision('read the prompt as: staging, a daily mart', 0.9, '"daily" and "mart" name a daily aggregate')] },
    { stage: 'generate', file: 'generation.json', durationSeconds: 0.02, tokens: { input: 0, output: 0 }, costUsd: 0, decisions: [] },
    { stage: 'refine', file: 'refining.json', durationSeconds: 0.001, tokens: { input: 0, output: 0 }, costUsd: 0, decisions: [] },
    { stage: 'validate', file: 'validation.json', durationSeconds: 0.4, tokens: { input: 0, output: 0 }, costUsd: 0, decisions: [] },
  ],
  plan: {
    projectName: 'shop',
    sourceName: 'shop',
    models: [
      {
        name: 'stg_shop__orders',
        layer: 'staging',
        materialization: 'view',
        inputs: ['shop:orders'],
        description: 'One row per order, renamed and cast.',
        decision: decision('add staging model stg_shop__orders', 0.95, 'every source table gets one staging model'),
        uniqueKey: ['order_id'],
      },
      {
        name: 'stg_shop__orders_items',
        layer: 'staging',
        materialization: 'view',
        inputs: ['shop:orders__items'],
        description: 'One row per item of an order.',
        decision: decision('add staging model stg_shop__orders_items', 0.95, 'every source table gets one staging model'),
      },
      {
        name: 'int_orders_items_joined',
        layer: 'intermediate',
        materialization: 'view',
        inputs: ['stg_shop__orders', 'stg_shop__orders_items'],
        description: 'Items with their order.',
        decision: decision('join orders__items to orders', 0.85, 'orders__items._etl_parent_key references orders._etl_key'),
      },
      {
        name: 'fct_orders_daily',
        layer: 'marts',
        materialization: 'table',
        inputs: ['int_orders_items_joined'],
        description: 'Orders and revenue per day.',
        decision: decision('add daily mart fct_orders_daily', 0.6, 'the prompt asks for a daily mart; placed_at is the only timestamp, qty * price the only amount'),
      },
    ],
    decisions: [decision('name the project shop', 0.9, 'the dataset is called shop'), decision('no incremental models', 0.4, 'the largest table has 42 rows')],
  },
  files: [
    { path: '.agentic-etl.json', content: '{"generator":"agentic-etl","agent":"offline","jobId":"0000000000000000000000000000000a","runId":"run_20261207_180000_0000000000000000000000000000000a"}\n', origin: 'generated', validation: 'not-run' },
    { path: 'README.md', content: '# shop\n\nGenerated by the offline agent of Agentic ETL.\n', origin: 'generated', validation: 'not-run' },
    { path: 'dbt_project.yml', content: project, origin: 'generated', validation: 'passed' },
    { path: 'models/intermediate/int_orders_items_joined.sql', content: intJoined, origin: 'generated', validation: 'passed' },
    { path: 'models/marts/fct_orders_daily.sql', content: fctDaily, origin: 'generated', validation: 'passed' },
    { path: 'models/staging/shop/_shop__models.yml', content: stagingModels, origin: 'generated', validation: 'passed' },
    { path: 'models/staging/shop/_shop__sources.yml', content: sources, origin: 'generated', validation: 'passed' },
    { path: 'models/staging/shop/stg_shop__orders.sql', content: stgOrders, origin: 'generated', validation: 'passed' },
    { path: 'models/staging/shop/stg_shop__orders_items.sql', content: stgItems, origin: 'generated', validation: 'passed' },
    { path: 'profiles.example.yml', content: '# shop:\n#   target: dev\n', origin: 'generated', validation: 'not-run' },
  ],
  validation: {
    passed: true,
    rounds: 1,
    report: {
      passed: true,
      files: [
        { path: 'dbt_project.yml', schema: 'dbt_project', errors: [] },
        { path: 'models/staging/shop/_shop__models.yml', schema: 'dbt_yml_files', errors: [] },
        { path: 'models/staging/shop/_shop__sources.yml', schema: 'dbt_yml_files', errors: [] },
      ],
      models: [
        { model: 'stg_shop__orders', path: 'models/staging/shop/stg_shop__orders.sql', materialization: 'view', ran: true, incrementalRan: null, rows: 20, error: null, errorLine: null, notValidated: [] },
        { model: 'stg_shop__orders_items', path: 'models/staging/shop/stg_shop__orders_items.sql', materialization: 'view', ran: true, incrementalRan: null, rows: 42, error: null, errorLine: null, notValidated: [] },
        { model: 'int_orders_items_joined', path: 'models/intermediate/int_orders_items_joined.sql', materialization: 'view', ran: true, incrementalRan: null, rows: 42, error: null, errorLine: null, notValidated: [] },
        { model: 'fct_orders_daily', path: 'models/marts/fct_orders_daily.sql', materialization: 'table', ran: true, incrementalRan: null, rows: 20, error: null, errorLine: null, notValidated: [] },
      ],
      tests: [
        { name: 'unique_stg_shop__orders_order_id', test: 'unique', model: 'stg_shop__orders', column: 'order_id', definedIn: 'models/staging/shop/_shop__models.yml', passed: true, failingRows: 0, failingRow: null, error: null },
        { name: 'not_null_stg_shop__orders_order_id', test: 'not_null', model: 'stg_shop__orders', column: 'order_id', definedIn: 'models/staging/shop/_shop__models.yml', passed: true, failingRows: 0, failingRow: null, error: null },
        { name: 'accepted_values_stg_shop__orders_status', test: 'accepted_values', model: 'stg_shop__orders', column: 'status', definedIn: 'models/staging/shop/_shop__models.yml', passed: true, failingRows: 0, failingRow: null, error: null },
      ],
      reconciliations: [
        { model: 'stg_shop__orders', path: 'models/staging/shop/stg_shop__orders.sql', from: 'shop:orders', fromRows: 20, rows: 20, flagged: false, reason: 'staging keeps every row of its source' },
        { model: 'int_orders_items_joined', path: 'models/intermediate/int_orders_items_joined.sql', from: 'stg_shop__orders_items', fromRows: 42, rows: 42, flagged: false, reason: 'a join along a foreign key keeps the left side\'s rows' },
      ],
    },
  },
  update: null,
};

/** The same run with a failing model and a failing test, as delivered after three rounds of repair. */
export function failingRun(): AgentRun {
  const run = structuredClone(agentRun);
  const report = run.validation!.report!;
  run.validation = { passed: false, rounds: 3, report };
  report.passed = false;
  report.models[3] = { ...report.models[3], ran: false, rows: null, error: 'Binder Error: Referenced column "revenu" not found in FROM clause!', errorLine: 6 };
  report.tests[2] = { ...report.tests[2], passed: false, failingRows: 2, failingRow: { status: 'returned', n_records: 2 } };
  report.files[1] = { ...report.files[1], errors: [{ line: 12, message: "'arguments' is not valid under any of the given schemas" }] };
  run.files.find((f) => f.path === 'models/marts/fct_orders_daily.sql')!.validation = 'failed';
  return run;
}

/** The next run, made from the first with a new prompt: an update with its diff. */
export function updatedRun(): AgentRun {
  const run = structuredClone(agentRun);
  run.prompt = 'make orders incremental';
  run.prompts = ['staging models and a daily mart', 'make orders incremental'];
  run.files.find((f) => f.path === 'models/staging/shop/_shop__models.yml')!.origin = 'merged';
  run.update = {
    from: 'previousJobId:0000000000000000000000000000000a',
    diff: [
      'diff --git a/models/staging/shop/stg_shop__orders.sql b/models/staging/shop/stg_shop__orders.sql',
      '--- a/models/staging/shop/stg_shop__orders.sql',
      '+++ b/models/staging/shop/stg_shop__orders.sql',
      '@@ -1,3 +1,5 @@',
      "+{{ config(materialized='incremental', unique_key='order_id', on_schema_change='append_new_columns') }}",
      '+',
      ' with source as (',
      '-    select * from {{ source(\'shop\', \'orders\') }}',
      '+    select * from {{ source(\'shop\', \'orders\') }} {% if is_incremental() %} where placed_at > (select max(placed_at) from {{ this }}) {% endif %}',
      ' ),',
      '',
    ].join('\n'),
    decisions: [decision('keep the human description of stg_shop__orders', 1, 'it was edited after the previous run')],
  };
  return run;
}
