# Terbuka's side of a publish over SSH, run by the server's own sh with the
# tools every Linux server has (coreutils, findutils, flock):
#   sh -s -- siapkan|pasang|kembali|daftar FOLDER [VERSI SIMPAN]
# Layout (as for a local folder): FOLDER/versi/<id>/ per tree, its sums in
# FOLDER/versi/<id>.sha256, and the link FOLDER/aktif -> versi/<id> that the
# web server serves. Each answer line starts with a word the client reads:
# "aktif", "versi", "dipangkas", or "GAGAL <reason>" (exit status 3).
set -eu
action=$1 root=$2
fail() { echo "GAGAL $*"; exit 3; }

# Nothing is followed: the folder, versi/ and aktif are checked before any write.
if [ ! -e "$root" ] && [ ! -L "$root" ] && [ "$action" = siapkan ]; then
  mkdir -p "$root" 2>/dev/null || fail "folder $root tidak bisa dibuat (izin?)"
  chmod 755 "$root"  # the web server reads it, whatever this account's umask
fi
[ -e "$root" ] || [ -L "$root" ] || fail "folder $root tidak ada di server"
[ -d "$root" ] && [ ! -L "$root" ] || fail "$root bukan folder (atau tautan simbolik)"
cd "$root"
if [ -e versi ] || [ -L versi ]; then
  [ -d versi ] && [ ! -L versi ] || fail "$root/versi bukan folder (atau tautan simbolik)"
elif [ "$action" = siapkan ]; then
  mkdir -m 755 versi 2>/dev/null || fail "folder $root/versi tidak bisa dibuat (izin?)"
fi
# One publish or rollback at a time (the lock is released when sh exits); a
# listing waits for a running publish rather than failing.
for own in .kunci riwayat; do
  [ ! -L "$own" ] || fail "$root/$own adalah tautan simbolik; tidak ada yang diubah"
done
exec 9>>.kunci
flock -w 60 9 || fail "penerbitan lain sedang berjalan di $root"
ID='[0-9]{8}T[0-9]{6}-[0-9]+'
live=
if [ -e aktif ] || [ -L aktif ]; then
  [ -L aktif ] || fail "$root/aktif bukan tautan simbolik (folder asli?); tidak ada yang diubah"
  points=$(readlink aktif)
  printf '%s\n' "$points" | grep -Eqx "versi/$ID" ||
    fail "$root/aktif menunjuk ke $points, bukan versi/<id>; tidak ada yang diubah"
  live=${points#versi/}
fi

trees() { ls -1 versi 2>/dev/null | grep -Ex "$ID" | sort || true; }
# riwayat: the trees that were live, one per line, the live one last. Rollback
# goes back one line; a publish adds one. Trees that are gone are left out.
history() { [ -f riwayat ] && grep -Ex "$ID" riwayat | while read -r t; do [ -d "versi/$t" ] && echo "$t"; done || true; }
write_history() { rm -f .riwayat.baru && cat > .riwayat.baru && mv -f .riwayat.baru riwayat; }
# The tree a rollback would make live: the line before the live one's, or for
# trees published before riwayat existed, the tree before it by name.
previous_of() {
  found=$(history | tail -n 2)
  if [ "$(printf '%s\n' "$found" | tail -n 1)" = "$1" ] && [ "$(printf '%s\n' "$found" | wc -l)" -eq 2 ]; then
    printf '%s\n' "$found" | head -n 1
  else
    trees | grep -B1 -x "$1" | grep -vx "$1" | head -n 1 || true
  fi
}

# A tree is what was published when every file's SHA-256 is in its list,
# nothing else is there, and nothing in it is a link.
check() {
  [ -d "versi/$1" ] && [ ! -L "versi/$1" ] || { echo "versi/$1 tidak ada"; return 1; }
  [ -f "versi/$2" ] || { echo "daftar sidik versi/$2 tidak ada"; return 1; }
  links=$(find "versi/$1" -type l | head -n 3)
  [ -z "$links" ] || { echo "tautan simbolik di dalam versi: $links"; return 1; }
  listed=$(wc -l < "versi/$2")
  found=$(find "versi/$1" -type f | wc -l)
  [ "$listed" -eq "$found" ] || { echo "versi/$1 berisi $found file, daftarnya $listed"; return 1; }
  bad=$(cd "versi/$1" && sha256sum --check --strict --quiet "../$2" 2>&1) || {
    echo "isi tidak cocok dengan daftar sidik: $(echo "$bad" | head -n 3 | tr '\n' ' ')"
    return 1; }
}

switch() {
  rm -f .aktif.baru
  ln -s "versi/$1" .aktif.baru
  mv -T .aktif.baru aktif  # rename(2): readers see the old tree or the new one
}

case $action in
  siapkan)  # before anything is sent: the layout is sound, versi/ exists
    echo "aktif ${live:--}"
    ;;
  daftar)
    if [ -n "$live" ] && [ ! -d "versi/$live" ]; then echo "hilang $live"; fi
    echo "aktif ${live:--}"
    for t in $(trees); do echo "versi $t"; done
    ;;
  pasang)
    id=$3 keep=$4
    problem=$(check ".baru-$id" ".baru-$id.sha256") || {
      rm -rf "versi/.baru-$id" "versi/.baru-$id.sha256"
      fail "versi baru tidak utuh di server ($problem); situs yang aktif tidak berubah"; }
    mv "versi/.baru-$id.sha256" "versi/$id.sha256"
    mv -T "versi/.baru-$id" "versi/$id"
    { [ -n "$live" ] && [ -z "$(history)" ] && echo "$live"; history; echo "$id"; } | write_history
    switch "$id"
    echo "aktif $id"
    # Keep the newest $keep trees, and always the live one and the one a
    # rollback goes back to. From here on the new tree is live: a failure
    # only warns.
    back=$(previous_of "$id")
    for t in $(trees | head -n "-$keep"); do
      [ "$t" = "$id" ] || [ "$t" = "$back" ] && continue
      if rm -rf "versi/$t" "versi/$t.sha256"; then echo "dipangkas $t"; else echo "peringatan versi/$t tidak bisa dihapus"; fi
    done
    history | write_history || echo "peringatan riwayat tidak bisa ditulis"
    # What a killed upload left, a day after its id's time (rsync keeps the
    # build's times on the folder, so its age on disk says nothing).
    cutoff=$(date -u -d '1 day ago' +%Y%m%dT%H%M%S)
    for left in versi/.baru-*; do
      [ -e "$left" ] || continue
      stamp=${left#versi/.baru-}
      stamp=${stamp%%-*}
      if [ "$stamp" \< "$cutoff" ]; then rm -rf "$left" || echo "peringatan $left tidak bisa dihapus"; fi
    done
    ;;
  kembali)
    [ -n "$live" ] || fail "belum ada versi yang aktif di $root"
    previous=$(previous_of "$live")
    [ -n "$previous" ] || fail "tidak ada versi sebelum $live di $root untuk dikembalikan"
    problem=$(check "$previous" "$previous.sha256") ||
      fail "versi $previous di $root tidak lagi sama dengan yang dulu diterbitkan ($problem); terbitkan ulang alih-alih kembali. Situs yang aktif tidak berubah"
    switch "$previous"
    echo "aktif $previous"
    # riwayat loses its last line (the tree rolled away from), and ends in the live one.
    { history | sed '$d' | grep -vx "$previous" || true; echo "$previous"; } | write_history ||
      echo "peringatan riwayat tidak bisa ditulis"
    ;;
  *) fail "perintah tidak dikenal: $action" ;;
esac
