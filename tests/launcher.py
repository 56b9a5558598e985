"""A warm start for ``python -m terbuka`` in tests.

Most of a small build's time in the suite went to starting Python and
importing pandas, matplotlib and Pelican again for every command. This
process imports them once and forks a child per command: the child is a
fresh copy of a process that has run nothing (no signal connected, no
setting read), so each command is as isolated as its own interpreter, and
it runs ``python -m terbuka`` exactly (``runpy``, its exit status, a
traceback printed as Python prints it).

Protocol: one JSON line per command on stdin (``args``, ``cwd``, ``env``,
``stdout`` and ``stderr`` file paths), one JSON line back with its exit
status.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import threading
import traceback

# Everything a build imports, so that no child imports it again.
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot
import pandas  # noqa: F401
import pelican  # noqa: F401
import terbuka.cli
import terbuka.outputs.charts.draw
import terbuka.plugin  # noqa: F401


def run_child(request: dict) -> None:
    """In the forked child: become ``python -m terbuka ARGS`` and exit with its status."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = ["terbuka", *request["args"]]
    code: int = 0
    try:
        runpy.run_module("terbuka", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main() -> None:
    # A fork of a process with threads could inherit a held lock: refuse to serve.
    print(json.dumps({"ready": threading.active_count() == 1}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                run_child(request)
            finally:
                os._exit(70)  # never back into this loop
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    main()
