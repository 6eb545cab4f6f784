#!/usr/bin/env bash
# make lint-spec: Redocly CLI (recommended) and Spectral (spectral:oas) on api/openapi.yaml, at the
# versions package-lock.json pins (installed by `npm ci` here). Fails on any error or warning.
set -euo pipefail
cd "$(dirname "$0")"
spec=${SPEC:-../../api/openapi.yaml} # SPEC=file lints another file
bin=node_modules/.bin
# No telemetry, no update checks: CI has no network but the registries.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
# Boxed notices (update or runtime banners) are noise here.
quiet() { grep -v -e '║' -e '╔' -e '╚' || true; }

echo "== Redocly CLI $("$bin/redocly" --version 2>/dev/null | tail -1), recommended ruleset (redocly.yaml)"
failed=""
status=0
summary=$("$bin/redocly" lint "$spec" --config redocly.yaml --format=summary 2>&1) || status=$?
echo "$summary" | quiet
if [ "$status" -ne 0 ] || grep -Eq '^(error|warning) ' <<<"$summary"; then
  "$bin/redocly" lint "$spec" --config redocly.yaml --format=codeframe 2>&1 | quiet || true
  failed="Redocly"
fi

echo "== Spectral $("$bin/spectral" --version 2>/dev/null), spectral:oas (.spectral.yaml)"
status=0
out=$("$bin/spectral" lint "$spec" --ruleset .spectral.yaml --fail-severity=warn 2>&1) || status=$?
echo "$out" | quiet
[ "$status" -eq 0 ] || failed="${failed:+$failed and }Spectral"

if [ -n "$failed" ]; then
  echo "lint-spec: $failed reported problems (errors, or warnings that the configuration does not justify)"
  exit 1
fi
echo "lint-spec: both linters report no problem"
