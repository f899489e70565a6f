#!/usr/bin/env bash
# Refreshes the repository's copies of the shared test data (tests/data/<folder>) from ../shared/<folder>, when
# ../shared is present. The suites read only tests/data, so a clone alone passes ./test.sh; run this after
# ../shared changes and commit the result. Each folder keeps the README and licence that name its source.
#   SHARED=DIR   the shared folder (default: <repo>/../shared)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared="${SHARED:-$repo/../shared}"
folders=(parquet-testing json-samples json-test-suite aws-events aws-sigv4 dbt-jsonschema spec)

if [ ! -d "$shared" ]; then
  echo "No shared folder at $shared: nothing to refresh (tests/data is already the suites' copy)." >&2
  exit 0
fi
for folder in "${folders[@]}"; do
  if [ ! -d "$shared/$folder" ]; then
    echo "skipped $folder: not in $shared" >&2
    continue
  fi
  # Copy into a temporary folder and swap it in, so an interrupted refresh never leaves a half-copied folder.
  [ -d "$repo/tests/data/.$folder.partial" ] && chmod -R u+w "$repo/tests/data/.$folder.partial" && rm -rf "$repo/tests/data/.$folder.partial"
  mkdir -p "$repo/tests/data"
  cp -R "$shared/$folder" "$repo/tests/data/.$folder.partial"
  [ -d "$repo/tests/data/$folder" ] && chmod -R u+w "$repo/tests/data/$folder" && rm -rf "$repo/tests/data/$folder"
  mv "$repo/tests/data/.$folder.partial" "$repo/tests/data/$folder"
  echo "refreshed tests/data/$folder"
done
git -C "$repo" status --short -- tests/data | head -n 20
