#!/usr/bin/env bash
# Builds the web page into frontend/dist when it is missing or older than its sources; installs npm dependencies when
# node_modules is missing or older than package-lock.json. Used by ./run.sh and ./test.sh.
# Exit status: 0 when dist/ is up to date (or was built), 1 when it could not be built (npm missing, install or build failed).
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "Node.js and npm are not installed, so the web page cannot be built (Node.js 20.19+ is needed)." >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the web page's npm dependencies (frontend/)…" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2 || { echo "npm ci failed in frontend/." >&2; exit 1; }
fi

stale=""
if [ ! -f dist/index.html ]; then
  stale="no build yet"
else
  changed=$(find src public index.html package.json package-lock.json vite.config.ts tsconfig.json -newer dist/index.html -print -quit 2>/dev/null)
  [ -n "$changed" ] && stale="$changed changed"
fi

if [ -n "$stale" ]; then
  echo "Building the web page into frontend/dist ($stale)…" >&2
  npm run build --silent >&2 || { echo "The web page build failed (see above)." >&2; exit 1; }
fi
exit 0
