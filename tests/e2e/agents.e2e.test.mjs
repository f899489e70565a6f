// "Ask the agents" end to end (issue 11): Debian's Chromium against a real `etl serve` with the offline agent. A
// json-sample loaded into a dataset; on its page the agents are asked for "staging models and a daily mart"; the run is
// followed until it is done; the plan (with confidence badges), the files (one opened, its SQL highlighted by
// CodeMirror), green validation; the zip downloaded and read; the run updated with a new prompt, its diff shown. A
// broken upload shows its diagnosis. Screenshots go to
// tests/e2e/artifacts/agents-*.png (git-ignored; the kept copies are in tests/e2e/screenshots/).
//
// Needs the agents back end (POST /agent-invoke, the agent pipeline, artifact=dbt|plan|log). Run: `npm run e2e` here,
// or `node --test --test-concurrency=1 agents.e2e.test.mjs`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, data, ensureBuilt, freePort, launchChromium, startEtl, stopEtl } from './harness.mjs';

const sample = join(data, 'json-samples', 'ocds-release-package.json');
const dataset = 'ocds';
const prompt = 'staging models and a daily mart';

/** The names of a zip's entries, read from its central directory (no dependency, no guessing from local headers). */
function zipEntries(buffer) {
  assert.equal(buffer.readUInt32LE(0), 0x04034b50, 'the download starts with a zip local file header (PK\\3\\4)');
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  assert.ok(end >= 0, 'the zip has an end-of-central-directory record');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50, `central directory entry ${n} has its signature`);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    names.push(buffer.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('ask the agents against a real etl serve', () => {
  let etl;
  let base;
  let dataDir;
  let userDataDir;
  let filesDir;
  let context;
  let page;
  let agentJobId;
  const consoleProblems = [];
  const foreignRequests = [];

  const shot = (name) => page.screenshot({ path: join(artifacts, `agents-${name}.png`), fullPage: true });
  /** What the window shows with this element at its top (a run's page is long: one view of it per figure). */
  const view = async (name, locator) => {
    await locator.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(artifacts, `agents-${name}.png`) });
  };
  const api = async (path) => {
    const response = await fetch(`${base}${path}`);
    const body = await response.text();
    assert.ok(response.ok, `GET ${path} answered ${response.status}: ${body}`);
    return JSON.parse(body);
  };
  const row = (fileName) => page.getByRole('row').filter({ has: page.getByRole('link', { name: fileName, exact: true }) });

  /** Uploads a file from the page (into the dataset when one is named) and waits until its job is finished. */
  async function upload(file, { datasetName = '', expect = 'COMPLETED' } = {}) {
    await page.getByRole('link', { name: 'Upload and jobs' }).click();
    await page.getByLabel(/^Dataset/).fill(datasetName);
    await page.getByLabel('Choose files…').setInputFiles(file);
    const fileName = file.split('/').pop();
    const link = row(fileName).getByRole('link', { name: fileName, exact: true }).first();
    await link.waitFor({ timeout: 30_000 });
    const jobId = decodeURIComponent((await link.getAttribute('href')).replace('#/jobs/', ''));
    const deadline = Date.now() + 120_000;
    let job;
    while (Date.now() < deadline) {
      job = await api(`/job-status/${jobId}`);
      if (job.status === 'COMPLETED' || job.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(job.status, expect, `${fileName} ended ${job.status} in ${job.stage}: ${job.errorType ?? ''} ${job.errorMessage ?? ''}`);
    return job;
  }

  before(async () => {
    ensureBuilt([sample]);
    dataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-agents-data-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'etl-e2e-agents-chromium-'));
    filesDir = mkdtempSync(join(tmpdir(), 'etl-e2e-agents-files-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    etl = await startEtl(dataDir, port, { stageDelayMs: 50, logName: 'agents-etl-serve.log' });
    // An empty request: a server with agents answers 400 (the prompt is missing); one without answers 501 or 503.
    const probe = await fetch(`${base}/agent-invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(probe.status, 400, `POST /agent-invoke {} answered ${probe.status} (${await probe.text()}): this build of etl runs no agents (merge them into main, then rebuild functions/Etl.Local)`);
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

  it(`loads ${sample.split('/').pop()} into the dataset ${dataset}`, async () => {
    const job = await upload(sample, { datasetName: dataset });
    assert.equal(job.dataset, dataset);
    assert.equal(job.datasetVersion, 1);
  });

  it('asks the agents on the dataset page and follows the run until it is done', async () => {
    await page.getByRole('link', { name: 'Datasets', exact: true }).click();
    await page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: dataset, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: `Dataset ${dataset}` }).waitFor();
    const panel = page.locator('section.agent-panel');
    await panel.getByRole('heading', { name: 'Ask the agents' }).waitFor();
    await panel.getByRole('textbox', { name: 'What should the dbt project do?' }).fill(prompt);
    assert.equal(await panel.getByRole('combobox', { name: 'Project' }).inputValue(), '', 'a new project by default');
    await panel.screenshot({ path: join(artifacts, 'agents-01-ask.png') });
    await panel.getByRole('button', { name: 'Ask the agents' }).click();

    await page.waitForFunction(() => location.hash.includes('/agents/'));
    agentJobId = decodeURIComponent(new URL(page.url()).hash.split('/agents/')[1]);
    const job = await api(`/job-status/${agentJobId}`);
    assert.equal(job.type, 'agent');
    assert.equal(job.prompt, prompt);
    assert.equal(job.dataset, dataset, 'the agent job names the dataset it read (the panel lists runs by it)');

    const run = page.locator('section.agent-job');
    await run.getByRole('heading', { level: 2, name: `“${prompt}”` }).waitFor();
    await run.locator('.badge-completed').first().waitFor({ timeout: 120_000 });
    const finished = await api(`/job-status/${agentJobId}`);
    assert.equal(finished.status, 'COMPLETED', `the agent job ended ${finished.status}: ${finished.errorType ?? ''} ${finished.errorMessage ?? ''}`);
    await panel.getByRole('table', { name: `Agent runs on ${dataset}` }).getByRole('link', { name: prompt }).waitFor();
  });

  it('shows the plan: staging models and a daily mart, each with its layer, materialization and a confidence badge', async () => {
    const plan = page.getByRole('table', { name: /^Planned models of / });
    await plan.waitFor({ timeout: 30_000 });
    const rows = plan.locator('tbody tr');
    const count = await rows.count();
    assert.ok(count >= 2, `the plan has models (${count})`);
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((t) => /stg_\w+[\s\S]*staging[\s\S]*view/.test(t)), `a staging view is planned:\n${texts.join('\n')}`);
    assert.ok(texts.some((t) => /marts/.test(t)), `a mart is planned for "daily mart":\n${texts.join('\n')}`);
    assert.equal(await plan.locator('tbody .badge.confidence').count(), count, 'every model has a confidence badge');
    assert.match(await plan.locator('tbody .badge.confidence').first().innerText(), /^\d{1,3}%/);
    await page.getByRole('heading', { name: 'Decisions', exact: true }).waitFor();
    await view('02-plan', page.locator('section.agent-job'));
  });

  it('shows the files as a tree and opens a staging model in the code viewer with its SQL highlighted', async () => {
    const tree = page.getByRole('navigation', { name: 'Project files' });
    await tree.waitFor();
    for (const name of ['dbt_project.yml', 'profiles.example.yml']) await tree.getByRole('button', { name, exact: true }).waitFor();
    const staging = tree.getByRole('button', { name: /^stg_.*\.sql$/ }).first();
    const name = await staging.innerText();
    await staging.click();
    const path = await staging.getAttribute('title');
    const code = page.getByLabel(`Contents of ${path}`);
    await code.waitFor();
    assert.equal(await code.getAttribute('contenteditable'), 'false', 'the viewer is read-only');
    assert.match(await code.innerText(), /\{\{\s*source\(/, `${name} reads its source`);
    const keyword = code.locator('.tok-keyword').filter({ hasText: /^select$/i }).first();
    await keyword.waitFor();
    const [keywordColor, textColor] = await Promise.all([keyword.evaluate((e) => getComputedStyle(e).color), code.evaluate((e) => getComputedStyle(e).color)]);
    assert.notEqual(keywordColor, textColor, 'SQL keywords are coloured');
    assert.ok((await code.locator('.tok-string').count()) > 0, 'string literals are highlighted');
    await page.locator('.file-browser').screenshot({ path: join(artifacts, 'agents-03-files.png') });

    await tree.getByRole('button', { name: 'dbt_project.yml', exact: true }).click();
    const yaml = page.getByLabel('Contents of dbt_project.yml');
    await yaml.waitFor();
    assert.match(await yaml.innerText(), /config-version:\s*2/);
    assert.ok((await yaml.locator('[class*="tok-"]').count()) > 3, 'YAML is highlighted');
    await staging.click();
  });

  it('shows validation green: every model ran on the data and every test passed', async () => {
    const verdict = page.locator('.verdict-passed');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /Validated on the data\.\s+\d+ models? ran in DuckDB and \d+ tests? passed/);
    const models = page.getByRole('table', { name: 'Models run on the data' });
    const modelRows = await models.locator('tbody tr').count();
    assert.ok(modelRows >= 2);
    assert.equal(await models.locator('.badge-completed').count(), modelRows, 'every model is green');
    const tests = page.getByRole('table', { name: 'Tests run on the data' });
    if ((await tests.count()) > 0) assert.equal(await tests.locator('.badge-failed').count(), 0, 'no test is red');
    const run = await (await fetch((await api(`/download/${agentJobId}?artifact=log`)).downloadUrl)).json();
    assert.equal(run.validation.passed, true, 'run.json agrees');
    assert.equal(run.jobId, agentJobId);
    await view('04-validation', page.getByRole('heading', { name: /^Validation/ }));
  });

  it('downloads the project as a zip holding dbt_project.yml and its models', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the dbt project (zip)' }).click()]);
    assert.match(download.suggestedFilename(), /\.zip$/);
    const entries = zipEntries(readFileSync(await download.path()));
    // The project sits at the zip's root or in one folder (dbt_project/), as unzip then makes it.
    const project = entries.find((e) => /^([^/]+\/)?dbt_project\.yml$/.test(e));
    assert.ok(project, `dbt_project.yml is in the zip: ${entries.join(', ')}`);
    const root = project.slice(0, -'dbt_project.yml'.length);
    assert.ok(entries.every((e) => e.startsWith(root)), `every file is under ${root || 'the root'}`);
    assert.ok(entries.some((e) => e.startsWith(`${root}models/staging/`) && /\/stg_[^/]+\.sql$/.test(e)), 'a staging model is in the zip');
    assert.ok(entries.includes(`${root}profiles.example.yml`) && !entries.includes(`${root}profiles.yml`), 'profiles.example.yml, not profiles.yml');
    const [plan] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the plan (JSON)' }).click()]);
    assert.ok(JSON.parse(readFileSync(await plan.path(), 'utf8')).plan, 'planning.json holds the plan');
  });

  it("the agent job's own view shows its prompt and stages, offers the zip and links back to the run", async () => {
    await page.locator('section.agent-job').getByRole('link', { name: 'Job details' }).click();
    const detail = page.locator('section.detail');
    await detail.getByRole('button', { name: 'Download the dbt project (zip)' }).waitFor();
    assert.match(await detail.locator('.facts').innerText(), new RegExp(`Asked\\s+${prompt}`, 'i'), 'the prompt is shown (labels are upper-cased by CSS)');
    const stages = await detail.locator('.stage-name').allInnerTexts();
    assert.deepEqual(stages, ['plan', 'generate', 'refine', 'validate', 'deliver'], 'the agent pipeline, stage by stage');
    assert.equal(await detail.getByRole('button', { name: /Download NDJSON|Download Parquet/ }).count(), 0, 'no converted output to download');
    await detail.getByRole('link', { name: 'Open the run: plan, files, validation' }).click();
    await page.getByRole('table', { name: /^Planned models of / }).waitFor();
    assert.ok(new URL(page.url()).hash.endsWith(`/agents/${encodeURIComponent(agentJobId)}`));
  });

  it('updates the previous run with a new prompt and shows the unified diff, added lines green', async () => {
    const panel = page.locator('section.agent-panel');
    const project = panel.getByRole('combobox', { name: 'Project' });
    await project.selectOption(agentJobId);
    await panel.getByRole('textbox', { name: 'What should the dbt project do?' }).fill('add a monthly mart');
    await panel.getByRole('button', { name: 'Ask the agents' }).click();
    await page.waitForFunction((first) => location.hash.includes('/agents/') && !location.hash.endsWith(encodeURIComponent(first)), agentJobId);
    const updateJobId = decodeURIComponent(new URL(page.url()).hash.split('/agents/')[1]);
    const run = page.locator('section.agent-job');
    await run.getByRole('heading', { level: 2, name: '“add a monthly mart”' }).waitFor();
    await run.locator('.badge-completed').first().waitFor({ timeout: 120_000 });
    const heading = page.getByRole('heading', { name: /Changes against the previous project/ });
    await heading.waitFor();
    assert.match(await heading.innerText(), new RegExp(`from run ${agentJobId}`));
    const log = await (await fetch((await api(`/download/${updateJobId}?artifact=log`)).downloadUrl)).json();
    assert.equal(log.update?.from, `previousJobId:${agentJobId}`, 'run.json records the run it updated');
    assert.deepEqual(log.prompts, [prompt, 'add a monthly mart'], 'the chain of prompts');
    const diff = page.getByLabel('Changes against the previous project');
    await diff.waitFor();
    const added = diff.locator('.diff-add');
    assert.ok((await added.count()) > 0, `the diff adds lines:\n${log.update.diff}`);
    const [addBg, contextBg] = await Promise.all([added.first().evaluate((e) => getComputedStyle(e).backgroundColor), diff.evaluate((e) => getComputedStyle(e).backgroundColor)]);
    assert.notEqual(addBg, contextBg, 'added lines are coloured');
    await view('05-update', page.locator('section.agent-job'));
  });

  it('shows the diagnosis of a failed job: its category, the suggested action and the resolution', async () => {
    const broken = join(filesDir, 'broken.json');
    writeFileSync(broken, '[{"id": 1},\n {"id": 2,,}]\n');
    const job = await upload(broken, { expect: 'FAILED' });
    assert.equal(job.errorCategory, 'input', `a bad JSON file is an input problem (errorCategory=${job.errorCategory})`);
    await row('broken.json').getByRole('link', { name: 'broken.json', exact: true }).click();
    const detail = page.locator('section.detail');
    const diagnosis = detail.locator('dl.diagnosis');
    await diagnosis.waitFor();
    const text = await diagnosis.innerText();
    assert.match(text, /Caused by\s+input/);
    assert.match(text, new RegExp(`Suggested action\\s+[\\s\\S]*${job.suggestedAction}`));
    assert.ok(text.includes(job.resolution), 'the resolution is shown as the API gives it');
    await shot('06-diagnosis');
  });

  it('logged no console errors or warnings and made no request outside its own origin', () => {
    assert.deepEqual(consoleProblems, []);
    assert.deepEqual(foreignRequests, []);
  });
});
