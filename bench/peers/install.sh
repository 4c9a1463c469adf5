#!/usr/bin/env bash
# Installs the peer event stores the benchmarks compare against (today: Emmett's SQLite event
# store) into bench/peers/node_modules, from bench/peers/package-lock.json, outside the product's
# dependencies. Idempotent: does nothing when the installed tree matches the lock file and loads.
#   bench/peers/install.sh          install if needed
#   bench/peers/install.sh --force  reinstall from scratch
#
# Notes:
#  - @event-driven-io/emmett-sqlite@0.42.4 peers on @event-driven-io/emmett@0.42.4, which the
#    registry does not serve: package.json pins 0.42.0 and .npmrc sets legacy-peer-deps. Its
#    undeclared imports (sqlite3, uuid, async-retry, commander) are direct dependencies here.
#  - sqlite3 is a native addon. npm runs its install script only because package.json approves
#    it (allowScripts, written by `npm install-scripts approve sqlite3`). Its prebuilt binary
#    cannot be downloaded here, so it falls back to node-gyp, which compiles the bundled SQLite
#    against the Node headers in /usr/include/node: it needs python3, make and g++ (~2 minutes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

stamp=node_modules/.peers-installed
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)

loads() {
  node -e "require('@event-driven-io/emmett-sqlite'); require('sqlite3')" >/dev/null 2>&1
}

if [[ "${1:-}" != "--force" && -f "$stamp" && "$(cat "$stamp")" == "$lock_hash" ]] && loads; then
  echo "bench/peers: up to date"
  exit 0
fi

# node-gyp needs Node's headers; use the system ones when nothing else says where they are.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node_api.h ]]; then
  export npm_config_nodedir=/usr
fi

echo "bench/peers: installing from package-lock.json (builds sqlite3 with node-gyp, ~2 minutes)"
npm ci --legacy-peer-deps --no-audit --no-fund

if ! loads; then
  echo "bench/peers: installed, but the peer does not load; try: (cd bench/peers && npm rebuild sqlite3 --foreground-scripts)" >&2
  exit 1
fi
echo "$lock_hash" > "$stamp"
echo "bench/peers: ready"
