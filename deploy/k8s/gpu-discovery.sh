#!/usr/bin/env bash
# Spark resource discovery script for GPUs: prints {"name":"gpu","addresses":["0","1",...]}.
# Uses nvidia-smi when present; PHENOLIP_FAKE_GPUS="0,1" overrides (tests, and machines without a driver).
set -euo pipefail
if [ -n "${PHENOLIP_FAKE_GPUS:-}" ]; then
  ids="$PHENOLIP_FAKE_GPUS"
elif command -v nvidia-smi >/dev/null 2>&1; then
  ids=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, -)
else
  ids=""
fi
json=$(echo "$ids" | tr ',' '\n' | sed '/^$/d' | sed 's/.*/"&"/' | paste -sd, -)
echo "{\"name\":\"gpu\",\"addresses\":[${json}]}"
