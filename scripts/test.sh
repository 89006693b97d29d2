#!/usr/bin/env bash
# The whole test suite (the README's second command): for each workflow preset, configure,
# build and run every test (ctest), stopping at the first failure.
#
#   bash scripts/test.sh                 # gcc-release, then clang-debug
#   bash scripts/test.sh gcc-sanitize    # any workflow presets instead (cmake --list-presets=workflow)
#
# .ci/run runs exactly this command; keep them in step.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
report_time() {
  local status=$? elapsed=$((SECONDS - start))
  if ((status == 0)); then
    echo "test.sh: all workflows passed; total elapsed time $((elapsed / 60))m $((elapsed % 60))s"
  else
    echo "test.sh: FAILED (exit $status); total elapsed time $((elapsed / 60))m $((elapsed % 60))s"
  fi
}
trap report_time EXIT

presets=("$@")
if ((${#presets[@]} == 0)); then
  presets=(gcc-release clang-debug)
fi

bash scripts/install-deps.sh

for preset in "${presets[@]}"; do
  echo
  echo "=== workflow preset: $preset ==="
  cmake --workflow --preset "$preset"
done
