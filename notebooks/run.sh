#!/usr/bin/env bash
# Re-executes the notebooks in place, so that their committed outputs come from the current code,
# and stamps each with the hash of its code cells (the tests fail on a notebook edited since).
# Usage: notebooks/run.sh [NN-name.ipynb ...]   (default: all four)
# Inputs: the outputs of ./bin/phenolip pipeline under out/pipeline (PHENOLIP_PIPELINE_OUT overrides).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$HERE/../bin/setup-debian.sh" notebooks
command -v jupyter >/dev/null || { echo "run.sh: jupyter not found (Debian: bin/setup-debian.sh notebooks; pip: -r notebooks/requirements.txt)" >&2; exit 2; }
[ -f "${PHENOLIP_PIPELINE_OUT:-$HERE/../out/pipeline}/report/metrics.json" ] \
  || { echo "run.sh: no pipeline outputs in ${PHENOLIP_PIPELINE_OUT:-out/pipeline}: run ./bin/phenolip pipeline first" >&2; exit 2; }
cd "$HERE"
export PYDEVD_DISABLE_FILE_VALIDATION=1   # quiets ipykernel's debugger note about frozen modules
if [ $# -eq 0 ]; then set -- [0-9][0-9]-*.ipynb; fi
for nb in "$@"; do
  nb="$(basename "$nb")"
  start=$(date +%s)
  jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=900 "$nb"
  python3 stamp.py "$nb"
  echo "run.sh: $nb executed and stamped in $(( $(date +%s) - start )) s" >&2
done
