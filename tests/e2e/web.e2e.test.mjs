// The web page end to end: Debian's Chromium (driven by playwright-core) against a real `etl serve` on a free
// 127.0.0.1 port with a temporary data directory. Run with `npm run e2e` (node --test); screenshots of every step go to
// tests/e2e/artifacts/ (git-ignored).
//
// Environment: ETL_DLL (the built etl.dll; default functions/Etl.Local/bin/Release/net10.0/etl.dll, built when missing),
// CHROMIUM (default /usr/bin/chromium).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, data, ensureBuilt, freePort, launchChromium, startEtl, stopEtl } from './harness.mjs';

const allTypes = join(data, 'parquet-testing', 'alltypes_plain.parquet');
const rasaEvents = join(data, 'json-samples', 'rasa-tracker-events.jsonl');

describe('web page against a real etl serve', () => {
  let etl;
  let port;
  let base;
  let dataDir;
  let userDataDir;
  let context;
  let page;
  const consoleProblems = [];
  const foreignRequests = [];

  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const row = (fileName) => page.getByRole('row').filter({ has: page.getByRole('link', { name: fileName, exact: true }) });
  const api = async (path) => (await fetch(`${base}${path}`)).json();

  before(async () => {
    ensureBuilt([allTypes, rasaEvents]);
    dataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-data-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-chromium-'));
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    etl = await startEtl(dataDir, port);
    context = await launchChromium(userDataDir);
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
  });

  after(async () => {
    await context?.close().catch(() => {});
    await stopEtl(etl);
    for (const dir of [dataDir, userDataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens with a title, a labelled file input and an empty state that says what to do', async () => {
    await page.goto(base);
    assert.equal(await page.title(), 'Agentic ETL');
    await page.getByRole('heading', { level: 1, name: 'Agentic ETL' }).waitFor();
    await page.getByText('No jobs yet').waitFor();
    const input = page.getByLabel('Choose files…');
    assert.equal(await input.getAttribute('type'), 'file');
    assert.equal(await input.getAttribute('multiple'), '');
    // The favicon is an SVG served beside the page.
    const icon = await fetch(`${base}/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type'), /svg/);
    await shot('01-empty');
  });

  it('reaches the file picker from the keyboard, with a visible focus ring', async () => {
    await page.locator('body').focus();
    let focused = '';
    for (let i = 0; i < 6 && focused !== 'file'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement instanceof HTMLInputElement ? document.activeElement.type : document.activeElement?.tagName ?? ''));
    }
    assert.equal(focused, 'file', 'the file input is reachable with Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.querySelector('label[for]')).outlineStyle);
    assert.equal(outline, 'solid', 'the label of the focused file input shows a focus ring');
    await shot('02-keyboard-focus');
  });

  it('uploads alltypes_plain.parquet, shows it RUNNING through its stages, then COMPLETED with schema and rows', async () => {
    await page.getByLabel('Choose files…').setInputFiles(allTypes);
    // The job opens by itself: the timeline shows a stage in progress.
    await row('alltypes_plain.parquet').getByText('RUNNING').waitFor();
    await page.locator('.detail .stage-running').first().waitFor();
    await shot('03-running');

    await row('alltypes_plain.parquet').getByText('COMPLETED').waitFor({ timeout: 30_000 });
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { level: 2, name: 'alltypes_plain.parquet' }).waitFor();
    const schema = detail.getByRole('table', { name: /Schema of the result/ });
    await schema.waitFor();
    const idRow = schema.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'id', exact: true }) });
    assert.match(await idRow.innerText(), /INT32/);
    assert.equal(await schema.getByRole('row').count(), 12, '11 columns + the header row');
    const rows = detail.getByRole('table', { name: /First 8 rows/ });
    await rows.waitFor();
    const firstRow = rows.getByRole('row').nth(1);
    assert.match(await firstRow.innerText(), /^1\s+4\s/);
    const stages = detail.locator('.stage');
    // validate, convert, profile; a host with the datasets catalog adds its stage after them.
    const names = await stages.locator('.stage-name').allInnerTexts();
    assert.deepEqual(names.slice(0, 3), ['validate', 'convert', 'profile']);
    assert.ok(names.length === 3 || (names.length === 4 && names[3] === 'catalog'), `unexpected stages: ${names.join(', ')}`);
    for (const [i, name] of names.entries()) {
      const stage = stages.nth(i);
      assert.equal(await stage.locator('.stage-name').innerText(), name);
      assert.equal(await stage.locator('.stage-status').innerText(), 'done');
      assert.match(await stage.locator('.stage-duration').innerText(), /^\d+(\.\d+)? s$/, `stage ${name} shows its duration`);
    }
    await shot('04-completed');
    await page.screenshot({ path: join(artifacts, '05-completed-full-page.png'), fullPage: true });
  });

  it('downloads the converted file: 8 NDJSON lines, the first with "id":4', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download NDJSON' }).click()]);
    assert.equal(download.suggestedFilename(), 'alltypes_plain.ndjson');
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 8);
    assert.equal(JSON.parse(lines[0]).id, 4);
    assert.match(lines[0], /"id":4/);
  });

  it('converts a nested NDJSON file to Parquet and shows its inferred schema, widened fields and nested rows', async () => {
    await page.getByLabel('Choose files…').setInputFiles(rasaEvents);
    await row('rasa-tracker-events.jsonl').getByText('COMPLETED').waitFor({ timeout: 60_000 });
    await row('rasa-tracker-events.jsonl').getByRole('link').click();
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { level: 2, name: 'rasa-tracker-events.jsonl' }).waitFor();
    await detail.getByRole('button', { name: 'Download Parquet' }).waitFor();
    const inferred = detail.getByRole('table', { name: 'Schema inferred from the JSON input' });
    await inferred.waitFor();
    assert.match(await detail.getByText(/Inferred from all 666 records/).innerText(), /values did not fit/);
    const confidence = inferred.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'confidence', exact: true }) });
    assert.match(await confidence.innerText(), /DOUBLE[\s\S]*4[\s\S]*integers widened to DOUBLE/);
    assert.equal(await confidence.getAttribute('class'), 'widened');
    const unfold = detail.getByRole('button', { name: 'Full value of metadata of row 1', exact: true });
    await unfold.click();
    assert.equal(await unfold.getAttribute('aria-expanded'), 'true');
    assert.match(await unfold.locator('xpath=..').locator('pre').innerText(), /"rasa_x_id": 3991/);
    await detail.getByRole('heading', { name: /Inferred from the JSON/ }).scrollIntoViewIfNeeded();
    await shot('06-json-inferred-schema');
    await unfold.scrollIntoViewIfNeeded();
    await shot('07-json-nested-rows');
  });

  it('shows a broken Parquet file FAILED, with its error message in plain view', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'etl-e2e-broken-')), 'x.parquet');
    writeFileSync(broken, readFileSync(allTypes).subarray(0, 200));
    await page.getByLabel('Choose files…').setInputFiles(broken);
    await row('x.parquet').getByText('FAILED').waitFor({ timeout: 30_000 });
    await row('x.parquet').getByRole('link', { name: 'x.parquet' }).click();
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { level: 2, name: 'x.parquet' }).waitFor();
    const { jobs } = await api('/jobs?status=FAILED');
    const failed = jobs.find((j) => j.fileName === 'x.parquet');
    assert.ok(failed?.errorMessage, 'the API recorded an error message');
    const message = detail.locator('.failure-message');
    assert.equal(await message.innerText(), failed.errorMessage);
    assert.ok(await message.isVisible());
    assert.equal(await detail.getByRole('button', { name: /Download/ }).count(), 0);
    await shot('08-failed');
  });

  it('filters by status, with an empty state when nothing matches', async () => {
    await page.getByLabel('Show').selectOption('FAILED');
    await page.getByText('x.parquet', { exact: true }).first().waitFor();
    assert.equal(await row('alltypes_plain.parquet').count(), 0);
    await page.getByLabel('Show').selectOption('RUNNING');
    await page.getByText('No RUNNING jobs').waitFor();
    await shot('09-filter-empty');
    await page.getByRole('button', { name: 'Show all jobs' }).click();
    await row('alltypes_plain.parquet').waitFor();
  });

  it('logged no console errors or warnings and made no request outside its own origin', () => {
    assert.deepEqual(consoleProblems, []);
    assert.deepEqual(foreignRequests, []);
  });

  it('explains a refused file type in words', async () => {
    const notes = join(mkdtempSync(join(tmpdir(), 'etl-e2e-notes-')), 'notes.txt');
    writeFileSync(notes, 'not data');
    const before = consoleProblems.length;
    await page.getByLabel('Choose files…').setInputFiles(notes);
    const error = page.locator('.upload-error').filter({ hasText: 'notes.txt' });
    await error.waitFor();
    assert.match(await error.innerText(), /Refused: 'notes\.txt' is not a supported file type/);
    await shot('10-refused-file');
    // The only console line is Chromium's own note about the 415 answer.
    assert.ok(consoleProblems.slice(before).every((m) => /status of 415/.test(m)), consoleProblems.slice(before).join('\n'));
  });

  it('says the API cannot be reached when the server stops', async () => {
    await stopEtl(etl);
    await page.getByRole('button', { name: 'Refresh the job list' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Cannot reach the Agentic ETL API' });
    await alert.waitFor();
    await shot('11-api-unreachable');
  });
});
