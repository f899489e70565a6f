// The dataset view end to end (issue 10): Debian's Chromium against a real `etl serve`. A nested JSON upload into the
// dataset `shop` becomes related tables drawn as a diagram; a changed upload that drops a column is a breaking change,
// held for review under the default `evolve` policy; approving it makes it current. Screenshots go to
// tests/e2e/artifacts/datasets-*.png (git-ignored, like the other suite's).
//
// Needs the datasets back end (normalization, the catalog stage and the /datasets endpoints). Run: `npm run e2e` here, or
// `node --test --test-concurrency=1 datasets.e2e.test.mjs`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, ensureBuilt, freePort, launchChromium, startEtl, stopEtl } from './harness.mjs';

/** ~20 orders, each with a customer object and an array of items: a root table and one child table. */
function orders({ withPrice }) {
  return Array.from({ length: 20 }, (_, i) => ({
    order_id: 1000 + i,
    placed_at: `2026-11-${String((i % 28) + 1).padStart(2, '0')}T10:${String(i).padStart(2, '0')}:00Z`,
    status: i % 5 === 0 ? 'cancelled' : 'shipped',
    customer: { id: 500 + (i % 7), name: `Customer ${i % 7}`, email: `c${i % 7}@example.com` },
    items: Array.from({ length: (i % 3) + 1 }, (_, j) => ({
      sku: `SKU-${(i * 3 + j) % 11}`,
      qty: j + 1,
      ...(withPrice ? { price: 9.5 + j } : {}),
    })),
  }));
}

const itemCount = orders({ withPrice: true }).reduce((n, o) => n + o.items.length, 0);

describe('dataset view against a real etl serve', () => {
  let etl;
  let base;
  let dataDir;
  let userDataDir;
  let filesDir;
  let context;
  let page;
  const consoleProblems = [];
  const foreignRequests = [];
  const jobIds = {};

  const shot = (name) => page.screenshot({ path: join(artifacts, `datasets-${name}.png`), fullPage: true });
  const row = (fileName) => page.getByRole('row').filter({ has: page.getByRole('link', { name: fileName, exact: true }) });
  const api = async (path) => {
    const response = await fetch(`${base}${path}`);
    const body = await response.text();
    assert.ok(response.ok, `GET ${path} answered ${response.status}: ${body}`);
    return JSON.parse(body);
  };

  /** Uploads a file into the dataset from the page and waits until its job is COMPLETED (or says why it is not). */
  async function upload(fileName, records) {
    const file = join(filesDir, fileName);
    writeFileSync(file, JSON.stringify(records, null, 1));
    await page.getByRole('link', { name: 'Upload and jobs' }).click();
    const dataset = page.getByLabel(/^Dataset/);
    await dataset.fill('shop');
    assert.equal(await page.getByRole('checkbox', { name: /Split nested JSON into tables/ }).isChecked(), true, 'normalize is on by default');
    await page.getByLabel('Choose files…').setInputFiles(file);
    const link = row(fileName).getByRole('link', { name: fileName, exact: true });
    await link.waitFor({ timeout: 30_000 });
    const jobId = decodeURIComponent((await link.getAttribute('href')).replace('#/jobs/', ''));
    jobIds[fileName] = jobId;
    const deadline = Date.now() + 90_000;
    let job;
    while (Date.now() < deadline) {
      job = await api(`/job-status/${jobId}`);
      if (job.status === 'COMPLETED' || job.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(job.status, 'COMPLETED', `${fileName} did not complete: ${job.status} in ${job.stage}: ${job.errorType ?? ''} ${job.errorMessage ?? ''}`);
    assert.equal(job.dataset, 'shop', `the job of ${fileName} does not carry its dataset (GET /job-status answered dataset=${JSON.stringify(job.dataset)}): POST /trigger-job ignored \`dataset\``);
    await row(fileName).getByText('COMPLETED').waitFor();
    return job;
  }

  before(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-datasets-data-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-datasets-chromium-'));
    filesDir = mkdtempSync(join(tmpdir(), 'etl-e2e-datasets-files-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    etl = await startEtl(dataDir, port, { stageDelayMs: 150, logName: 'datasets-etl-serve.log' });
    const probe = await fetch(`${base}/datasets`);
    assert.equal(probe.status, 200, `GET /datasets answered ${probe.status}: this build of etl has no datasets API yet (merge the datasets back-end branches, then rebuild functions/Etl.Local)`);
    context = await launchChromium(userDataDir, { width: 1366, height: 900 });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleProblems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== base && url.protocol !== 'data:' && url.protocol !== 'blob:') foreignRequests.push(request.url());
    });
    await page.goto(base);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await stopEtl(etl);
    for (const dir of [dataDir, userDataDir, filesDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads nested orders into the dataset shop; the job links to version 1', async () => {
    const job = await upload('orders.json', orders({ withPrice: true }));
    assert.equal(job.datasetVersion, 1, `the first load of shop is version 1 (job.datasetVersion=${job.datasetVersion})`);
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { level: 2, name: 'orders.json' }).waitFor();
    const link = detail.getByRole('link', { name: 'shop v1' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), '#/datasets/shop/versions/1');
    await shot('01-uploaded');
  });

  it('shows the tables shop and shop__items as nodes with their rows, and the relationship edge drawn between them', async () => {
    await page.getByRole('link', { name: 'Datasets', exact: true }).click();
    const list = page.getByRole('table', { name: 'Datasets' });
    await list.waitFor();
    await list.getByRole('link', { name: 'shop', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Dataset shop' }).waitFor();
    await page.getByRole('heading', { name: /Your JSON becomes these tables/ }).waitFor();

    const diagram = page.getByTestId('tables-diagram');
    const shop = diagram.locator('.react-flow__node [data-table="shop"]');
    const items = diagram.locator('.react-flow__node [data-table="shop__items"]');
    await shop.waitFor();
    await items.waitFor();
    assert.match(await shop.innerText(), /20 rows/, 'the root table has one row per order');
    assert.match(await items.innerText(), new RegExp(`${itemCount} rows`), `shop__items has one row per item (${itemCount})`);
    assert.match(await items.innerText(), /_etl_parent_key/);
    assert.match(await shop.innerText(), /customer__id/, 'the customer object is flattened into customer__ columns');

    // The edge: React Flow draws it (an SVG path) once both nodes are measured.
    const edge = diagram.locator('.react-flow__edge.relationship-parent');
    await edge.first().waitFor();
    assert.ok((await edge.locator('path.react-flow__edge-path').getAttribute('d'))?.length > 10, 'the edge has a drawn path');
    assert.match(await diagram.locator('.react-flow__edge-text').first().textContent(), /_etl_parent_key → _etl_key/);
    const [a, b] = [await shop.boundingBox(), await items.boundingBox()];
    assert.ok(a && b && a.x + a.width <= b.x, 'the parent is laid out left of its child');

    assert.match(await page.getByRole('list', { name: 'Relationships' }).innerText(), /shop__items\._etl_parent_key → shop\._etl_key/);
    const recommendation = page.getByRole('note', { name: 'Recommendation' });
    assert.match(await recommendation.innerText(), /Recommended layout: (normalized|denormalized)[\s\S]*\d+% confident/);
    const history = page.getByRole('table', { name: /Versions of shop/ });
    assert.match(await history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Version 1' }) }).innerText(), /current/);
    await shot('02-tables');
    await diagram.screenshot({ path: join(artifacts, 'datasets-03-diagram.png') });
  });

  it('holds a file that drops a column for review, with the change and its severity badge', async () => {
    const job = await upload('orders-v2.json', orders({ withPrice: false }));
    assert.equal(job.review, 'pending', `dropping items[].price is breaking, so evolve holds version ${job.datasetVersion} for review (job.review=${JSON.stringify(job.review)})`);
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { level: 2, name: 'orders-v2.json' }).waitFor();
    await detail.getByText(`Version ${job.datasetVersion} of shop waits for review`).waitFor();
    await shot('04-held-job');
    await detail.getByRole('link', { name: `Review and approve version ${job.datasetVersion}` }).click();

    await page.getByRole('heading', { level: 2, name: `Version ${job.datasetVersion}` }).waitFor();
    const changes = page.getByRole('table', { name: `Changes of version ${job.datasetVersion}` });
    await changes.waitFor();
    const dropped = changes.getByRole('row').filter({ hasText: 'price' });
    await dropped.first().waitFor();
    assert.match(await dropped.first().innerText(), /breaking[\s\S]*column dropped[\s\S]*shop__items[\s\S]*price/);
    assert.equal(await dropped.first().locator('.badge.severity-breaking').count(), 1, 'the dropped column carries the breaking badge');
    const history = page.getByRole('table', { name: /Versions of shop/ });
    const v2 = history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `Version ${job.datasetVersion}` }) });
    assert.match(await v2.innerText(), /pending review/);
    await shot('05-pending-review');
  });

  it('approves the held version and shows it current, the first one previous', async () => {
    const { datasetVersion: version } = await api(`/job-status/${jobIds['orders-v2.json']}`);
    const approve = page.getByRole('button', { name: `Approve version ${version} of shop` }).first();
    await approve.focus();
    await page.keyboard.press('Enter');
    const history = page.getByRole('table', { name: /Versions of shop/ });
    const v2 = history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `Version ${version}` }) });
    await v2.locator('.badge.version-current').waitFor();
    const v1 = history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Version 1' }) });
    await v1.locator('.badge.version-previous').waitFor();
    assert.equal(await page.getByRole('button', { name: /^Approve version/ }).count(), 0, 'nothing waits for review any more');
    await v1.getByRole('button', { name: 'Roll back to version 1 of shop' }).waitFor();
    const dataset = await api('/datasets/shop');
    assert.equal(dataset.currentVersion, version, 'the API agrees: the approved version is current');
    await shot('06-approved');
  });

  it('logged no console errors or warnings and made no request outside its own origin', () => {
    assert.deepEqual(consoleProblems, []);
    assert.deepEqual(foreignRequests, []);
  });
});
