#!/usr/bin/env bash
# Screenshots of built pages at phone and desktop widths with Debian's Chromium:
#   scripts/screenshots.sh [OUTPUTDIR] [PAGE ...]   (PAGE: site path, "" for home)
set -euo pipefail
out=${1:-output}; shift || true
pages=("$@"); [ ${#pages[@]} -gt 0 ] || pages=("" "opd/" "opd/diskominfo/")
mkdir -p screenshots
for p in "${pages[@]}"; do
  for w in 360 1280; do
    name=$(echo "${p:-home}" | tr '/' '_' | sed 's/_$//')-$w.png
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --disable-sync --no-first-run --disable-quic --hide-scrollbars \
      --window-size=$w,${HEIGHT:-3000} --screenshot="screenshots/$name" \
      "file://$(realpath "$out")/${p}index.html" 2>/dev/null
  done
done
ls screenshots
