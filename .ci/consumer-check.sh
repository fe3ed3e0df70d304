#!/usr/bin/env bash
# Packs crmkit, installs the tarball into a fresh temporary project (with the pure-JS optional
# peers, but no database driver: the adapters must load without one), then `import`s and
# `require`s every subpath listed in package.json's exports. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
cd "$tmp"
printf '{ "name": "crmkit-consumer", "version": "1.0.0", "private": true }\n' > package.json
kysely=$(node -p "require('$root/node_modules/kysely/package.json').version")
fastcheck=$(node -p "require('$root/node_modules/fast-check/package.json').version")
npm install --no-audit --no-fund --prefer-offline "./$tarball" "kysely@$kysely" "fast-check@$fastcheck" >/dev/null
subpaths=$(node -p "Object.keys(require('$root/package.json').exports).filter(k => k !== './package.json').map(k => k === '.' ? 'crmkit' : 'crmkit/' + k.slice(2)).join(' ')")
for spec in $subpaths; do
  esm=$(node --input-type=module -e "const m = await import('$spec'); console.log(Object.keys(m).length)")
  cjs=$(node --input-type=commonjs -e "const m = require('$spec'); console.log(Object.keys(m).filter((k) => k !== '__esModule').length)")
  if [ "$esm" != "$cjs" ]; then echo "$spec: ESM has $esm exports, CJS $cjs"; exit 1; fi
  echo "ok: import + require $spec ($esm exports)"
done
node -e "require('crmkit/package.json')" && echo "ok: require crmkit/package.json"
