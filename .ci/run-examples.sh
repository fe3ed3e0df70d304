#!/usr/bin/env bash
# Runs every runnable example in examples/ (each must exit 0). Examples import `crmkit` as a
# user would; tsconfig paths map that to src/ so no build is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
count=0
for file in examples/*.ts examples/*/main.ts; do
  echo "--- $file"
  npx tsx "$file"
  count=$((count + 1))
done
echo "ran $count examples"
[ "$count" -gt 0 ]
