#!/usr/bin/env bash
# Compile time and peak memory of a translation unit that instantiates forward and training
# (train_step with SGD, one sample and a batch of 32) for a network in float and double:
# first 64-128-128-10 (relu, relu, linear), then deep stacks of 64-wide relu layers, to show
# how both grow with depth. Prints a markdown table.
#
#   bash bench/compile_time.sh            # g++, -O3 -march=native (as the benchmarks build)
#   CXX=clang++ bash bench/compile_time.sh
#   CTNN_COMPILE_FLAGS="-O2" bash bench/compile_time.sh
#
# Budget (issue 5): 64-128-128-10 in at most 3 s and 500 MB with g++ on the project's machine,
# and roughly linear growth with depth. Wall-clock, so run it on a quiet machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cxx=${CXX:-g++}
flags=${CTNN_COMPILE_FLAGS:-"-O3 -march=native"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The source of a TU for network type `net` (a template alias on T): with the umbrella header,
# or with $2, the includes given instead.
tu() {
  local declaration=$1
  local includes=${2:-"#include <ctnn/ctnn.hpp>"}
  cat <<CPP
${includes}
${declaration}
template <class T>
T exercise(net<T>& n, const ctnn::matrix<T, net<T>::inputs, 1>& x, const ctnn::matrix<T, net<T>::outputs, 1>& t,
           const ctnn::matrix<T, net<T>::inputs, 32>& xb, const ctnn::matrix<T, net<T>::outputs, 32>& tb) {
  ctnn::sgd optimizer{.learning_rate = 0.01};
  T e = ctnn::train_step(n, x, t, ctnn::half_squared_error{}, optimizer).loss;
  e += ctnn::train_step(n, xb, tb, ctnn::half_squared_error{}, optimizer).loss;
  return e + n.forward(x)[0] + n.forward(xb)(0, 0);
}
template float exercise(net<float>&, const ctnn::matrix<float, net<float>::inputs, 1>&,
                        const ctnn::matrix<float, net<float>::outputs, 1>&,
                        const ctnn::matrix<float, net<float>::inputs, 32>&,
                        const ctnn::matrix<float, net<float>::outputs, 32>&);
template double exercise(net<double>&, const ctnn::matrix<double, net<double>::inputs, 1>&,
                         const ctnn::matrix<double, net<double>::outputs, 1>&,
                         const ctnn::matrix<double, net<double>::inputs, 32>&,
                         const ctnn::matrix<double, net<double>::outputs, 32>&);
CPP
}

# Prints "seconds kilobytes" for compiling $1; the best (least) of three runs.
measure() {
  local best_s="" best_kb=""
  for _ in 1 2 3; do
    local out
    out=$({ /usr/bin/time -f "%e %M" "$cxx" -std=c++20 $flags -I include -c "$1" -o "$work/out.o"; } 2>&1 | tail -n 1)
    local s=${out% *} kb=${out#* }
    if [[ -z "$best_s" ]] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s=$s; fi
    if [[ -z "$best_kb" ]] || ((kb < best_kb)); then best_kb=$kb; fi
  done
  echo "$best_s $best_kb"
}

# The same TU with only #include <ctnn/ctnn.hpp>: the cost of the headers alone.
echo '#include <ctnn/ctnn.hpp>' >"$work/headers.cpp"

deep() { # a network of $1 relu layers of 64 neurons on 64 inputs
  local layers="" i
  for ((i = 0; i < $1; ++i)); do layers+=", ctnn::dense<64, ctnn::relu>"; done
  echo "template <class T> using net = ctnn::network<T, 64${layers}>;"
}

echo "Compiler: $($cxx --version | head -n 1), -std=c++20 $flags; best of 3 runs; load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| translation unit | compile time | peak memory |"
echo "|---|---:|---:|"
read -r s kb < <(measure "$work/headers.cpp")
echo "| \`#include <ctnn/ctnn.hpp>\` alone | ${s} s | $((kb / 1024)) MB |"
tu "template <class T> using net = ctnn::network<T, 64, ctnn::dense<128, ctnn::relu>, ctnn::dense<128, ctnn::relu>, ctnn::dense<10, ctnn::identity>>;" >"$work/net.cpp"
read -r s kb < <(measure "$work/net.cpp")
echo "| 64-128-128-10, forward + training, float and double | ${s} s | $((kb / 1024)) MB |"
# The same with only the headers it uses (dense, loss, network, optimizer, train), as a
# translation unit that does nothing else would include them.
only='#include <ctnn/layers/dense.hpp>
#include <ctnn/training/loss.hpp>
#include <ctnn/network/network.hpp>
#include <ctnn/optim/sgd.hpp>
#include <ctnn/training/train.hpp>'
tu "template <class T> using net = ctnn::network<T, 64, ctnn::dense<128, ctnn::relu>, ctnn::dense<128, ctnn::relu>, ctnn::dense<10, ctnn::identity>>;" "$only" >"$work/net_only.cpp"
read -r s kb < <(measure "$work/net_only.cpp")
echo "| the same, including only the five headers it uses | ${s} s | $((kb / 1024)) MB |"
for depth in 10 20 40; do
  tu "$(deep "$depth")" >"$work/deep$depth.cpp"
  read -r s kb < <(measure "$work/deep$depth.cpp")
  echo "| ${depth} layers of 64 relu, forward + training, float and double | ${s} s | $((kb / 1024)) MB |"
done
