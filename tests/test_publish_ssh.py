"""Issue #30 items 1 and 3: publishing to a server over SSH (Debian's
OpenSSH server on a loopback port, with keys the test makes): the live
tree switched in one step after the server checked it, rollback and the
list of trees over the same connection, old trees pruned, host keys
verified, hostile targets refused; and a reader fetching through nginx
while trees are published and rolled back sees only whole pages of one tree."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import minimal_files, run_terbuka, write_dataset, write_settings
from servers import (
    nginx,
    shared_folder,
    ssh_server,
    sshd_fixture,  # noqa: F401  (the fixture "sshd")
)
from terbuka.publishing import deploy, remote
from test_releases import version_files
from test_servers import fetch


def small_tree(folder: Path, text: str) -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "data/kegiatan.csv").write_text("kode\r\n1.01\r\n", encoding="utf-8")
    return folder


def settings_for(folder: Path, server, target: Path, keep: int = 5) -> Path:
    return write_settings(
        folder / "settings.py",
        base="publishconf.py",
        TERBUKA_DEPLOY_TARGET=server.target(target),
        TERBUKA_SSH_CONFIG=str(server.config),
        TERBUKA_DEPLOY_KEEP=keep,
    )


def test_publish_versions_rollback_and_pruning_over_ssh(tmp_path, sshd):
    """make publish, make versions and make rollback, as a clerk runs them."""
    data = write_dataset(tmp_path / "data", minimal_files())
    target = tmp_path / "server"
    settings = settings_for(tmp_path, sshd, target, keep=2)
    output = tmp_path / "publik"

    def publish() -> str:
        result = run_terbuka("publish", "--datadir", str(data), "--output", str(output),
                             "--settings", str(settings))  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.split("versi ")[-1].split(" ")[0]

    first = publish()
    assert os.readlink(target / "aktif") == f"versi/{first}"
    page = (target / "aktif/index.html").read_bytes()
    assert page == (output / "index.html").read_bytes()
    write_dataset(tmp_path / "data", version_files(2))
    second = publish()
    assert os.readlink(target / "aktif") == f"versi/{second}"
    # Unchanged files are hard links into the tree before (--link-dest).
    same = target / "versi" / first / "kota/logo.svg", target / "versi" / second / "kota/logo.svg"
    assert same[0].stat().st_ino == same[1].stat().st_ino
    listed = run_terbuka("versions", "--settings", str(settings))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[1:] == [f"  {first}", f"* {second}"]
    back = run_terbuka("rollback", "--settings", str(settings))
    assert back.returncode == 0 and f"versi {first} aktif kembali" in back.stdout, back.stderr
    assert (target / "aktif/index.html").read_bytes() == page
    # A third publish keeps TERBUKA_DEPLOY_KEEP = 2 trees, and the one a
    # rollback goes back to (the first, live before it) though it is older.
    third = publish()
    kept = sorted(p.name for p in (target / "versi").iterdir() if p.is_dir())
    assert kept == [first, second, third]
    assert (target / "versi" / f"{third}.sha256").is_file()
    fourth = publish()
    kept = sorted(p.name for p in (target / "versi").iterdir() if p.is_dir())
    assert kept == [third, fourth]  # the first and second beyond the two kept


@pytest.mark.parametrize("install", ["local", "ssh"])
def test_rollback_goes_back_to_the_tree_that_was_live_before(tmp_path, install, request):
    """Publish A, B; roll back to A; publish C: rolling back goes to A (live
    before C), not to B (rolled away from), and A is kept beyond the limit."""
    target = tmp_path / "server"
    if install == "local":
        target.mkdir()

        def publish(text: str) -> str:
            return deploy.install_local(small_tree(tmp_path / text, text), target, keep=2)

        def back() -> str:
            return deploy.rollback_local(target)
    else:
        server = request.getfixturevalue("sshd")
        found = remote.parse_target(server.target(target))

        def publish(text: str) -> str:
            return remote.install(small_tree(tmp_path / text, text), found, server.config, 2).tree

        def back() -> str:
            return remote.rollback(found, server.config)

    a, b = publish("a"), publish("b")
    assert back() == a
    c = publish("c")
    assert sorted(p.name for p in (target / "versi").iterdir() if p.is_dir()) == [a, b, c]
    assert back() == a
    assert (target / "aktif/index.html").read_text(encoding="utf-8") == "a"
    with pytest.raises(deploy.DeployError):
        back()  # nothing was live before A
    assert (target / "riwayat").read_text(encoding="utf-8").split() == [a]


def test_versions_says_when_aktif_leads_to_a_tree_that_is_gone(tmp_path, sshd):
    target = tmp_path / "server"
    found = remote.parse_target(sshd.target(target))
    tree = remote.install(small_tree(tmp_path / "a", "satu"), found, sshd.config, 5).tree
    shutil.rmtree(target / "versi" / tree)
    assert remote.listing(found, sshd.config) == remote.Trees(tree, [], missing=True)
    settings = settings_for(tmp_path, sshd, target)
    listed = run_terbuka("versions", "--settings", str(settings))
    assert listed.returncode == 1 and f"menunjuk ke versi {tree} yang tidak ada" in listed.stderr


def test_rollback_refuses_a_tree_edited_on_the_server(tmp_path, sshd):
    target = tmp_path / "server"
    found = remote.parse_target(sshd.target(target))
    first = remote.install(small_tree(tmp_path / "a", "satu"), found, sshd.config, 5).tree
    second = remote.install(small_tree(tmp_path / "b", "dua"), found, sshd.config, 5).tree
    (target / "versi" / first / "index.html").write_text("disunting", encoding="utf-8")
    with pytest.raises(deploy.DeployError) as failed:
        remote.rollback(found, sshd.config)
    assert f"versi {first}" in str(failed.value) and "tidak lagi sama" in str(failed.value)
    assert os.readlink(target / "aktif") == f"versi/{second}"
    assert remote.listing(found, sshd.config) == remote.Trees(second, [first, second])


def test_a_tree_that_arrives_different_from_its_sums_never_goes_live(tmp_path, sshd):
    """The server checks the sent tree against the build's list: a file the
    list does not name (here, one the server adds as rsync finishes) stops it."""
    target = tmp_path / "server"
    found = remote.parse_target(sshd.target(target))
    first = remote.install(small_tree(tmp_path / "a", "satu"), found, sshd.config, 5).tree
    original = remote._rsync

    def rsync_then_meddle(to, config, arguments):
        original(to, config, arguments)
        for partial in (target / "versi").glob(".baru-*/"):
            (partial / "sisipan.html").write_text("bukan dari build", encoding="utf-8")

    remote._rsync = rsync_then_meddle
    try:
        with pytest.raises(deploy.DeployError) as failed:
            remote.install(small_tree(tmp_path / "b", "dua"), found, sshd.config, 5)
    finally:
        remote._rsync = original
    assert "tidak utuh" in str(failed.value) and "situs yang aktif tidak berubah" in str(
        failed.value
    )
    assert os.readlink(target / "aktif") == f"versi/{first}"
    assert not list((target / "versi").glob(".baru-*"))


def test_an_unknown_host_key_is_refused_and_nothing_is_sent(tmp_path):
    with ssh_server(tmp_path / "ssh", known=False) as server:
        target = tmp_path / "server"
        found = remote.parse_target(server.target(target))
        with pytest.raises(deploy.DeployError) as failed:
            remote.install(small_tree(tmp_path / "a", "satu"), found, server.config, 5)
    assert "kunci host" in str(failed.value) and "known_hosts" in str(failed.value)
    assert not target.exists()


@pytest.mark.parametrize(
    "target",
    [
        "-oProxyCommand=touch /tmp/x:/srv/terbuka",
        "host:/srv/../etc",
        "host:relatif/folder",
        "host:/srv/ter buka",
        "host:/srv/$(id)",
        "user;id@host:/srv",
        "host::modul/terbuka",
        "host:/",
    ],
)
def test_a_target_that_is_no_plain_ssh_target_is_refused(target):
    with pytest.raises(deploy.DeployError) as failed:
        remote.parse_target(target)
    assert "bukan tujuan SSH" in str(failed.value)


def test_readers_through_nginx_see_only_whole_pages_of_one_tree(tmp_path, sshd):
    """Item 3: trees published and rolled back over SSH again and again while
    a reader fetches pages through nginx, whose root is the aktif link: every
    answer is a 200 whose bytes are that page in one of the published trees."""

    builds = {}
    for step in (1, 2):
        data = write_dataset(tmp_path / f"data{step}", version_files(step))
        output = tmp_path / f"situs{step}"
        settings = write_settings(tmp_path / f"s{step}.py", base="publishconf.py")
        result = run_terbuka("build", "--datadir", str(data), "--output", str(output),
                             "--settings", str(settings))  # fmt: skip
        assert result.returncode == 0, result.stderr
        builds[step] = output
    pages = ["/", "/opd/", "/data/kegiatan.csv", "/data/kegiatan.json", "/rilis/", "/grafik/tren/"]
    wanted = {p: {(b / (p.lstrip("/") + ("index.html" if p.endswith("/") else ""))).read_bytes() for b in builds.values()} for p in pages}  # fmt: skip
    assert all(len(v) == 2 for k, v in wanted.items() if k in ("/", "/data/kegiatan.csv"))
    server_root = shared_folder("terbuka-terbit-")
    found = remote.parse_target(sshd.target(server_root))
    remote.install(builds[1], found, sshd.config, 5)
    conf = tmp_path / "conf"
    made = run_terbuka("server-config", "--settings", str(tmp_path / "s1.py"), "--output",
                       str(conf), "--root", str(server_root / "aktif"))  # fmt: skip
    assert made.returncode == 0, made.stderr
    counts = {"requests": 0, "failures": 0}
    home_seen: set[bytes] = set()
    wrong: list[str] = []
    stop = threading.Event()

    def reader(port: int) -> None:
        while not stop.is_set():
            for path in pages:
                status, _, body = fetch(port, path)
                counts["requests"] += 1
                if path == "/":
                    home_seen.add(body)
                if status != 200 or body not in wanted[path]:
                    counts["failures"] += 1
                    wrong.append(f"{path}: {status}, {len(body)} bytes")

    switches = 0
    with nginx(conf / "nginx-terbuka.conf", server_root / "aktif", shared_folder("nginx-")) as port:
        thread = threading.Thread(target=reader, args=(port,))
        thread.start()
        try:
            for round_ in range(10):
                remote.install(builds[2 if round_ % 2 == 0 else 1], found, sshd.config, 3)
                remote.rollback(found, sshd.config)
                switches += 2
        finally:
            time.sleep(0.5)
            stop.set()
            thread.join()
    print(f"\n{switches} switches over SSH, {counts['requests']} requests through nginx, "
          f"{counts['failures']} failures")  # fmt: skip
    assert counts["requests"] > 100 and counts["failures"] == 0, wrong[:5]
    assert home_seen == wanted["/"]  # the reader saw both trees go live


@pytest.mark.parametrize("layout", ["aktif-folder", "aktif-elsewhere", "versi-link", "root-link"])
def test_a_server_folder_with_links_or_a_real_aktif_gets_nothing(tmp_path, sshd, layout):
    """The server checks the layout before anything is sent: nothing is
    followed, written through or replaced."""
    outside = tmp_path / "di-luar"
    outside.mkdir()
    target = tmp_path / "server"
    target.mkdir()
    if layout == "aktif-folder":
        (target / "aktif").mkdir()
    elif layout == "aktif-elsewhere":
        (target / "aktif").symlink_to(outside)
    elif layout == "versi-link":
        (target / "versi").symlink_to(outside)
    else:
        target.rmdir()
        target.symlink_to(outside)
    found = remote.parse_target(sshd.target(target))
    with pytest.raises(deploy.DeployError) as failed:
        remote.install(small_tree(tmp_path / "a", "satu"), found, sshd.config, 5)
    said = {
        "aktif-folder": "aktif bukan tautan simbolik",
        "aktif-elsewhere": f"aktif menunjuk ke {outside}",
        "versi-link": "versi bukan folder",
        "root-link": f"{target} bukan folder",
    }
    assert said[layout] in str(failed.value)
    assert list(outside.iterdir()) == []
    assert not (target / "versi").is_dir() or list((target / "versi").iterdir()) == []
