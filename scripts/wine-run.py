#!/usr/bin/env python3
"""Run a Windows build under Wine the way the integration tests run the Linux binary.

    wine-run.py PROGRAM.exe ARGS...

The tests (tests/common/mod.rs, `bin()`) call this as BYOK_WIZARD_RUNNER with the .exe as its
first argument. Every argument that is an absolute POSIX path (alone, or after `--flag=`) is
given to the program as a Windows path on Wine's Z: drive with backslashes (`/tmp/a/b` becomes
`Z:\\tmp\\a\\b`), so the program sees what a Windows user types. Its stdout and stderr are passed
back with such paths turned back into POSIX ones (`Z:\\tmp\\a\\b`, `\\\\?\\Z:\\tmp\\a\\b` and
their JSON-escaped forms become `/tmp/a/b`), so the tests' expectations hold; the exit status is
the program's. stdin is passed through. Wine's own environment comes from scripts/wine-env.sh
(WINEPREFIX, WINEDEBUG).
"""
import os
import re
import subprocess
import sys
import tempfile

FLAG_PATH = re.compile(r"^(--[A-Za-z0-9-]+=)?(/.*)$")
# A Z: path up to a character that cannot be part of it in our messages.
WIN_PATH = re.compile(rb"(?:\\\\\\\\\?\\\\|\\\\\?\\)?[Zz]:((?:\\\\|\\|/)[^\s\"'<>|,;)\]]*)")


def to_windows(arg: str) -> str:
    m = FLAG_PATH.match(arg)
    if not m:
        return arg
    return (m.group(1) or "") + "Z:" + m.group(2).replace("/", "\\")


def to_posix(data: bytes) -> bytes:
    def back(m: re.Match) -> bytes:
        return re.sub(rb"(\\\\|\\|/)+", b"/", m.group(1))

    return WIN_PATH.sub(back, data)


def main() -> int:
    if len(sys.argv) < 2:
        print("wine-run.py: usage: wine-run.py PROGRAM.exe ARGS...", file=sys.stderr)
        return 2
    wine = os.environ.get("BYOK_WINE", "wine")
    exe, args = sys.argv[1], sys.argv[2:]
    cmd = [wine, exe] + [to_windows(a) for a in args]
    # Files, not pipes: Wine's own services (services.exe, winedevice.exe), started by the first
    # program in a prefix, inherit the program's stdout and stderr and outlive it; a pipe would
    # then never reach its end. A file is read once the program has exited.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        code = subprocess.run(cmd, stdout=out, stderr=err).returncode
        out.seek(0)
        err.seek(0)
        sys.stdout.buffer.write(to_posix(out.read()))
        sys.stderr.buffer.write(to_posix(err.read()))
    return code


if __name__ == "__main__":
    sys.exit(main())
