// The end-to-end harness shared by the suites: a real `etl serve` on a free 127.0.0.1 port with a temporary data
// directory, and Debian's Chromium driven by playwright-core.
//
// Environment: ETL_DLL (the built etl.dll; default functions/Etl.Local/bin/Release/net10.0/etl.dll, built when missing),
// CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const data = join(repo, 'tests', 'data');
export const artifacts = join(here, 'artifacts');
export const webRoot = join(repo, 'frontend', 'dist');
export const etlDll = process.env.ETL_DLL ?? join(repo, 'functions/Etl.Local/bin/Release/net10.0/etl.dll');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

mkdirSync(artifacts, { recursive: true });

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Builds etl and the web page when they are missing; checks Chromium and the named test files are there. */
export function ensureBuilt(files = []) {
  if (!existsSync(etlDll)) {
    const build = spawnSync('dotnet', ['build', join(repo, 'functions/Etl.Local/Etl.Local.csproj'), '-c', 'Release', '-nologo', '-clp:ErrorsOnly', '-v', 'quiet'], { stdio: 'inherit' });
    assert.equal(build.status, 0, 'dotnet build of functions/Etl.Local failed');
  }
  if (!existsSync(join(webRoot, 'index.html'))) {
    const frontend = join(repo, 'frontend');
    if (!existsSync(join(frontend, 'node_modules'))) {
      assert.equal(spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: frontend, stdio: 'inherit' }).status, 0, 'npm ci in frontend failed');
    }
    assert.equal(spawnSync('npm', ['run', 'build'], { cwd: frontend, stdio: 'inherit' }).status, 0, 'the frontend build failed');
  }
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install -y chromium`);
  for (const file of files) assert.ok(existsSync(file), `${file} is missing (the repository's test data, tests/data)`);
}

/** Starts `etl serve` and waits until /health answers; its output goes to artifacts/{logName}. env: more variables. */
export async function startEtl(dataDir, port, { stageDelayMs = 700, logName = 'etl-serve.log', env = {} } = {}) {
  const logPath = join(artifacts, logName);
  const log = createWriteStream(logPath);
  const child = spawn('dotnet', [etlDll, 'serve', '--urls', `http://127.0.0.1:${port}`, '--data-dir', dataDir], {
    env: { ...process.env, ETL_TEST_STAGE_DELAY_MS: String(stageDelayMs), ETL_WEB_ROOT: webRoot, ETL_CONCURRENCY: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etl serve exited with ${child.exitCode}; see ${logPath}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('etl serve did not become healthy within 60 s');
}

export function stopEtl(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** Headless Chromium with its own profile directory, English and UTC, downloads allowed. */
export function launchChromium(userDataDir, viewport = { width: 1366, height: 768 }) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    acceptDownloads: true,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
}
