#!/usr/bin/env bash
# Lints the package as it will be published: publint --strict on the package, and
# Are The Types Wrong on the packed tarball. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx publint --strict
tarball=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
# node10 resolution has no subpath exports at all; crmkit supports node16/bundler resolution.
npx attw "$tmp/$tarball" --profile node16
