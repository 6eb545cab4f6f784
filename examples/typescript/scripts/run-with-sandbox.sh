#!/usr/bin/env bash
# make xlang: builds the Go sandbox, starts it on a free 127.0.0.1 port with a fixed
# second-factor code (PROCURET_SANDBOX_CODE), waits until it serves, runs the compiled TypeScript
# flow (dist/main.js) against it and stops it, whatever happens.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd "$root" && go build -o "$tmp/procuret-sandbox" ./cmd/procuret-sandbox)
code=424242
PROCURET_SANDBOX_CODE=$code "$tmp/procuret-sandbox" -addr 127.0.0.1:0 >"$tmp/sandbox.log" 2>&1 &
pid=$!

# The sandbox's first line names its API root: "Procuret sandbox listening on http://127.0.0.1:PORT/api ...".
url=""
for _ in $(seq 1 200); do
  kill -0 "$pid" 2>/dev/null || { echo "the sandbox exited:"; cat "$tmp/sandbox.log"; exit 1; }
  url=$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*/api' "$tmp/sandbox.log" || true)
  if [ -n "$url" ] && node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "${url%/api}/openapi.yaml"; then
    break
  fi
  url=""
  sleep 0.1
done
[ -n "$url" ] || { echo "the sandbox did not become ready:"; cat "$tmp/sandbox.log"; exit 1; }

status=0
PROCURET_BASE_URL=$url PROCURET_CODE=$code node "$here/dist/main.js" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- sandbox log (last 40 lines)"
  tail -n 40 "$tmp/sandbox.log"
fi
exit "$status"
