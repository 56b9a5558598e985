"""Real servers on loopback ports for the publishing tests: Debian's OpenSSH
server with keys made for the test, and nginx and Apache serving a folder
with the configuration ``terbuka server-config`` writes. Each runs as a
child process of the test, in the foreground, and stops with it."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import free_port

SSHD = "/usr/sbin/sshd"
NGINX = "/usr/sbin/nginx"
APACHE = "/usr/sbin/apache2"
ALIAS = "terbuka-uji"  # the server's name in the test's SSH config


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(200):
        if process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"{what} stopped ({process.returncode}): {out}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port}")


@contextmanager
def _running(command: list[str], port: int, what: str, env: dict | None = None) -> Iterator[None]:
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    try:
        _wait_for_port(port, process, what)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def shared_folder(prefix: str) -> Path:
    """A folder the servers' unprivileged account (www-data) can read: pytest's
    own temporary folders are open to their owner only."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


@dataclass(frozen=True)
class SshServer:
    config: Path  # the client's SSH config: Host terbuka-uji, its key and known_hosts
    port: int
    host_key: Path
    client_key: Path
    known_hosts: Path

    def target(self, path: Path) -> str:
        return f"{ALIAS}:{path}"


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "terbuka-uji", "-f", str(path)],
        check=True,
    )


@contextmanager
def ssh_server(folder: Path, known: bool = True) -> Iterator[SshServer]:
    """sshd on a loopback port accepting a key made here; with ``known``, its
    host key is in the client's known_hosts, as a clerk's first step puts it."""
    folder.mkdir(parents=True, exist_ok=True)
    host_key, client_key = folder / "host_ed25519", folder / "client_ed25519"
    _keygen(host_key)
    _keygen(client_key)
    shutil.copy(f"{client_key}.pub", folder / "authorized_keys")
    port = free_port()
    Path("/run/sshd").mkdir(exist_ok=True)  # the privilege separation folder sshd wants
    (folder / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {host_key}\n"
        f"PidFile {folder / 'sshd.pid'}\nAuthorizedKeysFile {folder / 'authorized_keys'}\n"
        "StrictModes no\nUsePAM no\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
        "PubkeyAuthentication yes\nLogLevel ERROR\n",
        encoding="utf-8",
    )
    public = (folder / "host_ed25519.pub").read_text(encoding="utf-8").split()
    known_hosts = folder / "known_hosts"
    known_hosts.write_text(
        f"[127.0.0.1]:{port} {public[0]} {public[1]}\n" if known else "", encoding="utf-8"
    )
    config = folder / "ssh_config"
    config.write_text(
        f"Host {ALIAS}\n  HostName 127.0.0.1\n  Port {port}\n  User {getpass.getuser()}\n"
        f"  IdentityFile {client_key}\n  IdentitiesOnly yes\n"
        f"  UserKnownHostsFile {known_hosts}\n  GlobalKnownHostsFile /dev/null\n",
        encoding="utf-8",
    )
    command = [SSHD, "-D", "-e", "-f", str(folder / "sshd_config")]
    with _running(command, port, "sshd"):
        yield SshServer(config, port, host_key, client_key, known_hosts)


WEB_USER = "www-data"  # the web servers' account on Debian


def _unprivileged(command: list[str], folder: Path) -> list[str]:
    """``command`` run as the web server's own unprivileged account when the
    suite runs as root (its folder made that account's), as itself otherwise:
    no server of these tests keeps root, binds a low port or reads /etc's config."""
    if os.geteuid() != 0:
        return command
    shutil.chown(folder, WEB_USER, WEB_USER)
    return ["runuser", "-u", WEB_USER, "--", *command]


@contextmanager
def nginx(site_conf: Path, root: Path, folder: Path) -> Iterator[int]:
    """nginx serving ``root`` with the ``server`` block ``terbuka server-config``
    wrote, the document root and port put in as a clerk would."""
    port = free_port()
    server = site_conf.read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "listen [::]:80;", ""
    )
    server = server.replace("/srv/terbuka/aktif", str(root))
    (folder / "terbuka.conf").write_text(server, encoding="utf-8")
    (folder / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;\n"
        "events { worker_connections 256; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log off;\n  client_body_temp_path {folder}/body;\n"
        f"  proxy_temp_path {folder}/proxy;\n  fastcgi_temp_path {folder}/fastcgi;\n"
        f"  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
        f"  include {folder / 'terbuka.conf'};\n}}\n",
        encoding="utf-8",
    )
    command = [NGINX, "-p", str(folder), "-e", str(folder / "error.log")]
    command += ["-c", str(folder / "nginx.conf")]
    with _running(_unprivileged(command, folder), port, "nginx"):
        yield port


@contextmanager
def apache(site_conf: Path, root: Path, folder: Path) -> Iterator[int]:
    """Apache serving ``root`` with the ``VirtualHost`` ``terbuka server-config``
    wrote, on a loopback port, with Debian's modules."""
    port = free_port()
    site = site_conf.read_text(encoding="utf-8").replace(
        "<VirtualHost *:80>", f"<VirtualHost 127.0.0.1:{port}>"
    )
    site = site.replace("/srv/terbuka/aktif", str(root))
    (folder / "terbuka.conf").write_text(site, encoding="utf-8")
    modules = "/usr/lib/apache2/modules"
    loaded = ["mpm_event", "authz_core", "mime", "dir", "headers", "deflate", "brotli",
              "filter", "expires", "setenvif", "alias", "rewrite"]  # fmt: skip
    lines = [f"LoadModule {m}_module {modules}/mod_{m}.so" for m in loaded]
    lines += [
        f"ServerRoot {folder}", f"PidFile {folder / 'httpd.pid'}", f"Listen 127.0.0.1:{port}",
        f"ErrorLog {folder / 'error.log'}", "LogLevel warn", "ServerName localhost",
        "TypesConfig /etc/mime.types",
        f"DefaultRuntimeDir {folder}", f"Mutex file:{folder}",
        f"Include {folder / 'terbuka.conf'}",
    ]  # fmt: skip
    (folder / "httpd.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = _unprivileged([APACHE, "-f", str(folder / "httpd.conf"), "-DFOREGROUND"], folder)
    with _running(command, port, "apache2", env={**os.environ, "APACHE_RUN_DIR": str(folder)}):
        yield port


@pytest.fixture(scope="session", name="sshd")
def sshd_fixture(tmp_path_factory) -> Iterator[SshServer]:
    """One OpenSSH server per test worker, its host key known to the client."""
    if not Path(SSHD).exists():
        pytest.skip("openssh-server comes with make test-tools")
    with ssh_server(tmp_path_factory.mktemp("sshd")) as server:
        yield server
