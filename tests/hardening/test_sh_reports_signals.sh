#!/usr/bin/env bash
# scripts/test.sh must say "all workflows passed" only when every workflow passed: not when one
# fails, and not when a signal stops it (timeout -s TERM, Ctrl-C). Runs a copy of the script
# with its two commands that do real work (installing dependencies, running a workflow)
# replaced by stand-ins that pass, fail, or take long enough to be stopped.
#   test_sh_reports_signals.sh <path of scripts/test.sh>
set -u
script=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scripts"

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# with_workflow <command>: the copy, whose workflow step runs <command>.
with_workflow() {
  sed -e 's|^bash scripts/install-deps.sh .*$|: dependencies not installed by this test|' \
      -e "s|^  cmake --workflow --preset \"\$preset\"\$|  $1|" "$script" >"$work/scripts/test.sh"
  if ! grep -q '^: dependencies not installed by this test$' "$work/scripts/test.sh" ||
     ! grep -q "^  $1\$" "$work/scripts/test.sh"; then
    echo "FAIL: scripts/test.sh no longer has the lines this test replaces; update the test"
    exit 1
  fi
}

# run <expected exit status> <timeout arguments...>: runs the copy for preset gcc-release.
run() {
  local expected=$1
  shift
  output=$("$@" bash "$work/scripts/test.sh" gcc-release 2>&1)
  status=$?
  if [[ $status != "$expected" ]]; then
    fail "exit status $status, expected $expected; output: $output"
  fi
}

with_workflow "true"
run 0
[[ $output == *"test.sh: all workflows passed"* ]] || fail "a passing run did not say so: $output"

with_workflow "false"
run 1
[[ $output == *"test.sh: FAILED (exit 1)"* ]] || fail "a failing workflow was not reported: $output"
[[ $output != *"passed;"* ]] || fail "a failing workflow was reported as passed: $output"

# timeout sends TERM to the script and its workflow, then exits with 124.
for signal in TERM INT HUP; do
  with_workflow "sleep 60"
  started=$SECONDS
  run 124 timeout -s "$signal" 2
  ((SECONDS - started < 30)) || fail "SIG$signal did not stop the script promptly"
  [[ $output == *"test.sh: FAILED (stopped by SIG$signal)"* ]] || fail "SIG$signal was not reported as a failure: $output"
  [[ $output != *"all workflows passed"* ]] || fail "SIG$signal was reported as a pass: $output"
done

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "test.sh reports passes, failures and signals truthfully"
