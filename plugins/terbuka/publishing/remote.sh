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
fi
[ -e "$root" ] || [ -L "$root" ] || fail "folder $root tidak ada di server"
[ -d "$root" ] && [ ! -L "$root" ] || fail "$root bukan folder (atau tautan simbolik)"
cd "$root"
if [ -e versi ] || [ -L versi ]; then
  [ -d versi ] && [ ! -L versi ] || fail "$root/versi bukan folder (atau tautan simbolik)"
elif [ "$action" = siapkan ]; then
  mkdir versi 2>/dev/null || fail "folder $root/versi tidak bisa dibuat (izin?)"
fi
if [ -e aktif ] || [ -L aktif ]; then
  [ -L aktif ] || fail "$root/aktif bukan tautan simbolik (folder asli?); tidak ada yang diubah"
  case $(readlink aktif) in
    versi/[0-9]*) ;;
    *) fail "$root/aktif menunjuk ke $(readlink aktif), bukan versi/<id>; tidak ada yang diubah" ;;
  esac
fi
live=$(readlink aktif 2>/dev/null | sed 's|^versi/||') || live=
# One publish or rollback at a time (the lock is released when sh exits).
exec 9>>.kunci
flock -n 9 || fail "penerbitan lain sedang berjalan di $root"

trees() { ls -1 versi 2>/dev/null | grep -E '^[0-9]{8}T[0-9]{6}-[0-9]+$' | sort || true; }

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
    switch "$id"
    echo "aktif $id"
    # Keep the newest $keep trees; a killed upload's leftovers go after a day.
    old=$(trees | head -n "-$keep")
    for t in $old; do
      [ "$t" = "$id" ] && continue
      rm -rf "versi/$t" "versi/$t.sha256"
      echo "dipangkas $t"
    done
    find versi -maxdepth 1 -name '.baru-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
    ;;
  kembali)
    [ -n "$live" ] || fail "belum ada versi yang aktif di $root"
    previous=$(trees | grep -B1 -x "$live" | head -n 1)
    [ -n "$previous" ] && [ "$previous" != "$live" ] ||
      fail "tidak ada versi sebelum $live di $root untuk dikembalikan"
    problem=$(check "$previous" "$previous.sha256") ||
      fail "versi $previous di $root tidak lagi sama dengan yang dulu diterbitkan ($problem); terbitkan ulang alih-alih kembali. Situs yang aktif tidak berubah"
    switch "$previous"
    echo "aktif $previous"
    ;;
  *) fail "perintah tidak dikenal: $action" ;;
esac
