#!/usr/bin/env bash
# The whole test suite (the README's second command): for each workflow preset, configure,
# build and run every test (ctest), stopping at the first failure.
#
#   bash scripts/test.sh                 # gcc-release, clang-sanitize, cortex-m4
#   bash scripts/test.sh gcc-sanitize    # any workflow presets instead (cmake --list-presets=workflow)
#
# clang-sanitize is clang's Debug build (assertions on) with AddressSanitizer and
# UndefinedBehaviorSanitizer: the whole suite runs under them, and the weight readers are fuzzed
# for 60 s each. It covers what clang-debug checks, so CI does not build clang-debug too.
# cortex-m4 cross-compiles the firmware and runs it under QEMU (its toolchain and QEMU are
# installed when missing).
#
# .ci/run runs exactly this command; keep them in step.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
stopped_by=
report_time() {
  local status=$? elapsed=$((SECONDS - start))
  local took="total elapsed time $((elapsed / 60))m $((elapsed % 60))s"
  if [[ -n $stopped_by ]]; then
    echo "test.sh: FAILED (stopped by SIG$stopped_by); $took"
  elif ((status == 0)); then
    echo "test.sh: all workflows passed; $took"
  else
    echo "test.sh: FAILED (exit $status); $took"
  fi
}
trap report_time EXIT
# A signal that stops the script (timeout, Ctrl-C, a closed terminal) is a failure: without
# these traps bash runs the EXIT trap with the status of the last command that finished, which
# is often 0.
for signal in HUP INT TERM; do
  trap "stopped_by=$signal; exit $((128 + $(kill -l "$signal")))" "$signal"
done

presets=("$@")
if ((${#presets[@]} == 0)); then
  presets=(gcc-release clang-sanitize cortex-m4)
fi

extra_packages=()
for preset in "${presets[@]}"; do
  if [[ $preset == cortex-m4 ]]; then
    extra_packages+=(gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm)
  fi
done
bash scripts/install-deps.sh "${extra_packages[@]}"

for preset in "${presets[@]}"; do
  echo
  echo "=== workflow preset: $preset ==="
  preset_start=$SECONDS
  cmake --workflow --preset "$preset"
  echo "=== workflow preset $preset passed in $((SECONDS - preset_start)) s ==="
done
