#!/usr/bin/env bash
# Starts Agentic ETL locally: REST API, pipeline and web page on http://127.0.0.1:5080 (ETL_URLS), data in ./.etl-data (ETL_DATA_DIR).
# Extra arguments go to `etl serve`, e.g. ./run.sh --concurrency 4
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dot.net); install it and run ./run.sh again." >&2
  exit 1
fi

dotnet build functions/Etl.Local/Etl.Local.csproj -c Release -nologo -clp:ErrorsOnly -v quiet
exec dotnet functions/Etl.Local/bin/Release/net10.0/etl.dll serve "$@"
