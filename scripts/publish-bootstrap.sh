#!/usr/bin/env bash
# Publishes the Lambda `bootstrap` in one of its two builds (the CDK app's bundling, the benchmarks and the README use
# this one declaration):
#   api   NativeAOT, without the agents (-p:EtlAgents=false): upload, trigger, status, download, datasets, s3-event, api
#   full  self-contained ReadyToRun with the agents: worker and agent (the Anthropic SDK and DuckDB.NET are not AOT-safe)
# Both for linux-x64 (x86_64 Lambda: NativeAOT cannot cross-compile to arm64 here).
set -euo pipefail
mode="${1:-}"
out="${2:-}"
if [ -z "$mode" ] || [ -z "$out" ]; then
  echo "usage: scripts/publish-bootstrap.sh api|full OUTDIR" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
case "$mode" in
  api)  flags=(-p:EtlAgents=false -p:PublishAot=true) ;;
  full) flags=(-p:PublishAot=false) ;;
  *) echo "unknown build '$mode': use api (NativeAOT, no agents) or full (ReadyToRun, with the agents)" >&2; exit 2 ;;
esac
# The two builds restore the project differently (the agents' reference comes and goes), so each restores afresh.
dotnet publish "$root/functions/Etl.Lambda" -c Release -r linux-x64 --self-contained "${flags[@]}" -o "$out" --nologo -v quiet
# Lambda runs the file named bootstrap; the symbols stay out of the deployable.
rm -f "$out"/*.pdb "$out"/*.dbg
test -x "$out/bootstrap"
