#!/usr/bin/env bash
# The main job (the README's first command): builds the example programs with the
# gcc-release preset and runs them: the worked backpropagation example, then XOR training.
#
#   bash scripts/main.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

preset=gcc-release
cmake --preset "$preset"
cmake --build --preset "$preset" --target backprop_worked_example xor_training

bin=build/$preset/examples

echo
echo "=== Worked example: backpropagation on a small network (backprop_worked_example) ==="
"$bin/backprop_worked_example"

echo
echo "=== XOR: training a network to learn XOR (xor_training) ==="
"$bin/xor_training"
