#!/usr/bin/env bash
# Builds and runs every network benchmark, then prints a markdown table of ctnn against its
# baselines (the medians of the repetitions, and their ratios), with the machine, the compiler
# and the load it ran under. The README's table is this script's output.
#
#   bash bench/report.sh                              # gcc-release
#   bash bench/report.sh clang-release                # another configure preset
#   bash bench/report.sh gcc-release clang-release    # the first preset's table, plus a column
#                                                     # of ctnn's times with the second / the first
#   CTNN_BENCH_REPETITIONS=20 CTNN_BENCH_MIN_TIME=0.5 bash bench/report.sh
#   CTNN_BENCH_ROUNDS=3 bash bench/report.sh gcc-release clang-release
#
# Timings are wall-clock: run it on a quiet machine (the header shows the load average before
# and after). The repetitions of a binary's benchmarks run in random order, so that a virtual
# machine's slow drift in speed falls on ctnn and its baselines alike. Eigen's column is the
# fastest of the three Eigen variants on that row. With CTNN_BENCH_ROUNDS=R (default 1) every
# binary runs R times, and each time shown is the median of its R medians: on the project's
# virtual machine one process of a binary can run a third slower than the next throughout
# (ctnn and its baselines alike), which one round cannot tell from a change in the code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

preset=${1:-gcc-release}
other=${2:-}
repetitions=${CTNN_BENCH_REPETITIONS:-7}
min_time=${CTNN_BENCH_MIN_TIME:-0.1}
rounds=${CTNN_BENCH_ROUNDS:-1}
benchmarks=(bench_2_2_2 bench_16_32_32_4 bench_64_128_128_10)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for p in "$preset" $other; do
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" --target "${benchmarks[@]}" >/dev/null
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for p in "$preset" $other; do
  mkdir -p "$out/$p"
done
# Each benchmark runs under both presets back to back, so that the last column compares runs
# minutes apart rather than a quarter of an hour.
for ((round = 1; round <= rounds; ++round)); do
  for b in "${benchmarks[@]}"; do
    for p in "$preset" $other; do
      echo "report.sh: round $round of $rounds: running $p/$b ..." >&2
      "build/$p/bench/$b" --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
        --benchmark_min_time="$min_time" --benchmark_enable_random_interleaving=true \
        --benchmark_format=json 2>/dev/null |
        # one line per run: "name,real_time,time_unit"
        awk -F'"' '$2 == "name" { name = $4 } $2 == "real_time" { split($3, v, /[:,[:space:]]+/); t = v[2] }
                   $2 == "time_unit" { print "\"" name "\"," t "," $4 }' >"$out/$p/$b.$round.csv"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "build/$preset/CMakeCache.txt")
compiler_version=$("$compiler" --version | head -n 1)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
cores=$(nproc)
flags=$(sed -n 's/^CTNN_BENCH_FLAGS:[A-Z]*=//p' "build/$preset/CMakeCache.txt")

echo "Machine: $cpu, $cores cores; $compiler_version, -O3 $flags (preset $preset);"
if [[ -n "$other" ]]; then
  other_compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "build/$other/CMakeCache.txt")
  echo "last column: ctnn built by $("$other_compiler" --version | head -n 1) (preset $other) / by the first;"
fi
echo "median of $repetitions repetitions$( ((rounds > 1)) && echo ", then the median of $rounds rounds (processes)"); load average $load_before before, $load_after after; $(date -u +%Y-%m-%d)."
echo
{
  cat "$out/$preset"/*.csv
  if [[ -n "$other" ]]; then cat "$out/$other"/*.csv | sed 's/^"\([^"]*\)"/"other:\1"/'; fi
} | awk -F, -v other="$other" '
  function unquote(s) { gsub(/"/, "", s); return s }
  function to_ns(t, unit) { return unit == "us" ? t * 1e3 : unit == "ms" ? t * 1e6 : unit == "s" ? t * 1e9 : t }
  function show(ns) {
    if (ns == "") return "-"
    if (ns >= 1e6) return sprintf("%.3g ms", ns / 1e6)
    if (ns >= 1e4) return sprintf("%.3g µs", ns / 1e3)
    return sprintf("%.3g ns", ns)
  }
  function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
  # The median of the values in the space-separated list s.
  function median(s,    v, n, i, j, x) {
    n = split(s, v, " ")
    for (i = 2; i <= n; ++i) { x = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > x + 0; --j) v[j + 1] = v[j]; v[j + 1] = x }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  {
    name = unquote($1)
    if (name !~ /_median$/) next
    sub(/_median$/, "", name)
    if (!(name in rounds_of)) order[++names] = name
    rounds_of[name] = rounds_of[name] " " to_ns($2, $3)
  }
  END {
    for (k = 1; k <= names; ++k) {
      name = order[k]
      t = median(rounds_of[name])
      if (name ~ /^other:/) { sub(/^other:/, "", name); other_time[name] = t; continue }
      n = split(name, part, "/")
      if (n == 4) time[part[1] "/" part[2] "/" part[3] "/" part[4]] = t
      if (n == 4 && !(part[1] in seen)) { seen[part[1]] = 1; shapes[++shape_count] = part[1] }
      if (n == 3) bound[part[1] "/" part[2]] = t
    }
    macs["2-2-2"] = 8; macs["16-32-32-4"] = 1664; macs["64-128-128-10"] = 25856
    first["2-2-2"] = 4; first["16-32-32-4"] = 512; first["64-128-128-10"] = 8192
    lanes["float"] = 8; lanes["double"] = 4
    split("fwd_b1 fwd_b32 train_b1 train_b32 grad_b1 grad_b32", passes, " ")
    split("forward,forward (batch 32),training step,training step (batch 32),gradient,gradient (batch 32)", pass_names, ",")
    split("float double", types, " ")
    split("eigen eigen_rowmajor eigen_lazy", variants, " ")
    variant_name["eigen"] = "col-major"; variant_name["eigen_rowmajor"] = "row-major"; variant_name["eigen_lazy"] = "lazy"
    print "| network | pass | type | ctnn | plain loops | Eigen (fastest variant) | ctnn / plain | ctnn / Eigen | target |" (other == "" ? "" : " " other " / first |")
    print "|---|---|---|---:|---:|---:|---:|---:|---|" (other == "" ? "" : "---:|")
    for (s = 1; s <= shape_count; ++s) {
      shape = shapes[s]
      for (p = 1; p <= 6; ++p) {
        for (ty = 1; ty <= 2; ++ty) {
          key = shape "/" passes[p] "/" types[ty]
          c = time[key "/ctnn"]; pl = time[key "/plain"]
          best = ""; best_variant = ""
          for (v = 1; v <= 3; ++v) {
            e = time[key "/" variants[v]]
            if (e != "" && (best == "" || e < best)) { best = e; best_variant = variant_name[variants[v]] }
          }
          eigen = best == "" ? "-" : show(best) " (" best_variant ")"
          target = ""
          if (best != "" && ((shape == "16-32-32-4" && (passes[p] == "fwd_b1" || passes[p] == "train_b1")) ||
                             (shape == "2-2-2" && passes[p] == "train_b1")))
            target = sprintf("≤ 0.80 %s", c / best <= 0.8 ? "✓" : "✗")
          if (best != "" && shape == "2-2-2" && passes[p] == "fwd_b1")
            target = sprintf("≤ 1.00 %s", c / best <= 1.0 ? "✓" : "✗")
          l2 = time[shape "/l2_stream/" types[ty] "/bound"]
          if (passes[p] == "fwd_b1" && l2 != "")
            target = sprintf("%.2f × the L2 stream of its weights (%s); ≤ 1.15 %s", c / l2, show(l2), c / l2 <= 1.15 ? "✓" : "✗")
          peak = bound["fma_peak/" types[ty]]
          if (shape == "64-128-128-10" && peak != "" && (passes[p] == "fwd_b32" || passes[p] == "train_b32")) {
            flops = passes[p] == "fwd_b32" ? 2 * 32 * macs[shape] : 2 * 32 * (3 * macs[shape] - first[shape])
            peak_rate = 2 * 12 * lanes[types[ty]] * 1000 / peak
            share = flops / c / peak_rate
            target = sprintf("%.0f%% of FMA peak (%.0f GFLOP/s)%s", 100 * share, peak_rate, passes[p] == "fwd_b32" ? (share >= 0.4 ? "; ≥ 40% ✓" : "; ≥ 40% ✗") : "")
          }
          if (c == "" && pl == "" && best == "") continue
          printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |", shape, pass_names[p], types[ty], show(c), show(pl), eigen, ratio(c, pl), ratio(c, best), target
          if (other != "") printf " %s |", ratio(other_time[key "/ctnn"], c)
          printf "\n"
        }
      }
    }
  }'
