#!/usr/bin/env bash
# Installs what the analysis-r benchmark needs on Debian/Ubuntu (R, survival, markovchain),
# only when missing. Run as root (or with sudo): bash bench/setup-r.sh
set -euo pipefail
need=()
command -v Rscript >/dev/null 2>&1 || need+=(r-base-core)
for pkg in survival markovchain; do
  if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e "quit(status = if (requireNamespace('$pkg', quietly = TRUE)) 0 else 1)" >/dev/null 2>&1; then
    need+=("r-cran-$pkg")
  fi
done
if [ ${#need[@]} -eq 0 ]; then
  echo "R, survival and markovchain are installed."
  exit 0
fi
echo "Installing: ${need[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update
$SUDO apt-get install -y "${need[@]}"
