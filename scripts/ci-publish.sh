#!/usr/bin/env bash
# Publishing a signed release from CI (docs/ci/): the steps GitHub Actions and
# GitLab CI run, in this order, and the suite runs too (tests/test_ci_publish.py):
#   scripts/ci-publish.sh pasang uji bangun periksa terbitkan
#   pasang     the virtual environment (make venv), rsync and ssh
#   uji        make test
#   bangun     the public site from the repository's data (publishconf.py) into output-publish/
#   periksa    every release's signature and hash chain (make verify), and the built site
#              against them: its data must be the newest release, signed
#   terbitkan  the checked tree to TERBUKA_DEPLOY_TARGET over SSH (make publish, not rebuilt)
# The secret key that signs releases never comes here: releases are made and
# signed on the clerk's machine and committed; CI only checks the signatures.
# What the CI holds (secrets and variables of the repository):
#   TERBUKA_DEPLOY_TARGET  user@host:/srv/terbuka
#   TERBUKA_SSH_KEY        the deploy key (a secret): its private key text, or that text
#                          in base64 (base64 -w0 KEYFILE: GitLab masks only one line)
#   TERBUKA_KNOWN_HOSTS    the server's host key line(s), as ssh-keyscan prints them
#                          once checked against the server's own fingerprint
#   TERBUKA_SSH_PORT       the server's SSH port (optional, 22)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=output-publish
TERBUKA="env PYTHONPATH=plugins .venv/bin/python -m terbuka"

say() { printf '\n== %s\n' "$*"; }

pasang() {
  say "pasang: lingkungan Python, rsync, ssh"
  make --no-print-directory venv
  if ! command -v rsync >/dev/null || ! command -v ssh >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync openssh-client >/dev/null
  fi
}

uji() {
  say "uji: make test"
  make --no-print-directory test
}

bangun() {
  say "bangun: situs publik ke $OUT/"
  $TERBUKA build --settings publishconf.py --output "$OUT" --force
}

periksa() {
  say "periksa: tanda tangan setiap rilis, dan situs yang dibangun"
  make --no-print-directory verify SETTINGS=publishconf.py
  $TERBUKA verify --settings publishconf.py --site "$OUT" --released-only
}

terbitkan() {
  say "terbitkan: $OUT/ ke ${TERBUKA_DEPLOY_TARGET:?atur TERBUKA_DEPLOY_TARGET}"
  : "${TERBUKA_SSH_KEY:?atur TERBUKA_SSH_KEY (kunci deploy, rahasia CI)}"
  : "${TERBUKA_KNOWN_HOSTS:?atur TERBUKA_KNOWN_HOSTS (kunci host server yang sudah diperiksa)}"
  ssh_dir=$(mktemp -d)
  trap 'rm -rf "$ssh_dir"' EXIT
  case $TERBUKA_SSH_KEY in
    *"PRIVATE KEY"*) key=$TERBUKA_SSH_KEY ;;
    *) key=$(printf '%s' "$TERBUKA_SSH_KEY" | base64 -d) ;;
  esac
  (umask 077 && printf '%s\n' "$key" > "$ssh_dir/kunci")
  printf '%s\n' "$TERBUKA_KNOWN_HOSTS" > "$ssh_dir/known_hosts"
  cat > "$ssh_dir/config" <<EOF
Host *
  Port ${TERBUKA_SSH_PORT:-22}
  IdentityFile $ssh_dir/kunci
  IdentitiesOnly yes
  UserKnownHostsFile $ssh_dir/known_hosts
  GlobalKnownHostsFile /dev/null
EOF
  $TERBUKA publish --settings publishconf.py --output "$OUT" --built \
    --target "$TERBUKA_DEPLOY_TARGET" --ssh-config "$ssh_dir/config"
}

[ $# -gt 0 ] || { sed -n '2,20p' "$0"; exit 2; }
for step in "$@"; do
  case $step in
    pasang|uji|bangun|periksa|terbitkan) "$step" ;;
    *) echo "langkah tidak dikenal: $step (pasang, uji, bangun, periksa, terbitkan)" >&2; exit 2 ;;
  esac
done
