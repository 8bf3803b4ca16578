#!/usr/bin/env bash
# Runs every test of Braintrust.Traced. On a fresh machine it first installs what the tests need (Debian packages for
# PostgreSQL, Chromium, Redis and the Native AOT toolchain; npm packages for the official-SDK compatibility test and the
# web UI); on a machine that has them it skips straight to the build. Ends with `tests: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/artifacts/test-results"

log() { printf '\n== %s\n' "$*"; }

install_debian_packages() {
  local missing=()
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v clang >/dev/null || missing+=(clang)
  dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
      || { echo "apt-get install failed" >&2; exit 1; }
  fi
}

install_npm_packages() {
  local dir
  for dir in tests/compat-js src/Braintrust.Traced.UI; do
    if [ -f "$dir/package.json" ] && [ ! -d "$dir/node_modules" ]; then
      log "installing npm packages in $dir"
      (cd "$dir" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi) \
        || { echo "npm install failed in $dir" >&2; exit 1; }
    fi
  done
}

count_results() {
  # Each test assembly writes one TRX file; add up their counters.
  local passed=0 failed=0 skipped=0 file counters
  for file in "$results"/*.trx; do
    [ -e "$file" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$file" | head -n 1)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")))
    skipped=$((skipped + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  echo "$passed $failed $skipped"
}

install_debian_packages
install_npm_packages

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export BRAINTRUST_TRACED_CHROMIUM=${BRAINTRUST_TRACED_CHROMIUM:-/usr/bin/chromium}

log "building"
dotnet build Braintrust.Traced.sln -c Debug -nologo -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

log "running tests"
rm -rf "$results"
dotnet test Braintrust.Traced.sln -c Debug --no-build --nologo --logger trx --results-directory "$results" -- NUnit.NumberOfTestWorkers=2
status=$?

read -r passed failed skipped < <(count_results)

log "running front-end unit tests (Vitest)"
ui_log="$results/vitest.log"
(cd src/Braintrust.Traced.UI && npx vitest run --reporter=default) 2>&1 | tee "$ui_log"
ui_status=${PIPESTATUS[0]}
# Vitest's summary line reads "Tests  12 passed (12)" or "Tests  1 failed | 11 passed (12)".
ui_summary=$(sed 's/\x1b\[[0-9;]*m//g' "$ui_log" | grep -E '^ *Tests +' | tail -n 1)
ui_passed=$(grep -oE '[0-9]+ passed' <<<"$ui_summary" | grep -oE '[0-9]+' || echo 0)
ui_failed=$(grep -oE '[0-9]+ failed' <<<"$ui_summary" | grep -oE '[0-9]+' || echo 0)
if [ "$ui_status" -ne 0 ] && [ "$ui_failed" -eq 0 ]; then ui_failed=1; fi
passed=$((passed + ui_passed)); failed=$((failed + ui_failed))
[ "$ui_status" -eq 0 ] || status=1
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crashed test host counts as a failure
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
