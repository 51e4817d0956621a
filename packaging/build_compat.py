"""The compatibility .deb: the same build (packaging/build.py --deb) inside a Debian 11 (bullseye) root.

    sudo python3 packaging/build_compat.py [--root DIR] [--dist DIR]

A PyInstaller folder needs the glibc of the machine it was built on, at least: built on Debian 12
(glibc 2.36) it does not start on Kylin V10 SP1 (Ubuntu 20.04 base, glibc 2.31). This script
builds in a bullseye root (glibc 2.31) instead, with SQLite 3.40 and CPython 3.11 compiled there from
Debian's orig tarballs (--enable-shared: PyInstaller bundles libpython; both bound to libm's pre-2.29
symbols, see GLIBC_COMPAT_H) and PySide6 pinned to 6.8.3, the newest release with manylinux_2_28
wheels (6.9+ need glibc 2.34). The folder then needs glibc 2.28: Debian 10+ / UOS 20, Ubuntu 20.04 /
Kylin V10; docs/packaging.md has the measured figures and what is not verified.

Needs root (debootstrap, chroot), debootstrap, and the network (deb.debian.org; pip's index as this
machine's pip configuration names it: its config files are copied into the root and local
``file://`` / find-links folders bind-mounted read-only). The root (default
~/.cache/gridcounter-compat) is created on first use and reused: the compiled Python and the venv
stay, each run copies the working tree (git's tracked and untracked, not ignored, files) afresh.
Output: DIST/gridcounter_<version>_<arch>.deb (default dist/compat/), the same package name and
version as the host build: it is the same program, built for older systems.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import build_support  # noqa: E402

SUITE = "bullseye"
MIRROR = "http://deb.debian.org/debian"
#: bookworm's orig tarballs (sources only; Debian's patches are not applied), checked against its .dsc files.
PYTHON = "3.11.2"
PYTHON_URL = f"{MIRROR}/pool/main/p/python3.11/python3.11_{PYTHON}.orig.tar.gz"
PYTHON_SHA256 = "2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849"
#: The program needs SQLite >= 3.35 (UPDATE ... RETURNING); bullseye has 3.34, Kylin V10 3.31, UOS 20 3.27:
#: the build bundles its own, the same release as Debian 12's (what the test suite runs on).
SQLITE = "3.40.1"
SQLITE_URL = f"{MIRROR}/pool/main/s/sqlite3/sqlite3_{SQLITE}.orig.tar.xz"
SQLITE_SHA256 = "aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655"
#: Debian's compile options that change behaviour or that a query might use.
SQLITE_CFLAGS = (
    "-O2 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_DBSTAT_VTAB"
    " -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_SECURE_DELETE"
    " -DSQLITE_MAX_VARIABLE_NUMBER=250000"
)
#: This build only (pyproject allows >=6.8,<6.12): 6.8.3 is the last PySide6 with manylinux_2_28 wheels.
CONSTRAINTS = ["PySide6-Essentials==6.8.3", "PySide6-Addons==6.8.3", "pyinstaller>=6.10,<7"]
#: What CPython's extension modules and SQLite need to build (no readline, curses, tkinter, gdbm: the
#: program uses none; tcl: SQLite's build generates its amalgamation with it), and the libraries the .deb
#: depends on (PyInstaller resolves the bundled Qt against them, as on the host).
BUILD_PACKAGES = [
    "build-essential",
    "ca-certificates",
    "file",  # libtool's checks in SQLite's configure
    "tcl",
    "libssl-dev",
    "libffi-dev",
    "zlib1g-dev",
    "libbz2-dev",
    "liblzma-dev",
    "uuid-dev",
    *build_support.system_packages(),
]
PREFIX = "/opt/python3.11"  # inside the root; SQLite goes there too (libpython's rpath finds it)
VENV = "/opt/venv"
RECIPE = 2  # bump when the way Python or SQLite is built changes: a reused root then rebuilds them

#: glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions (the same functions without the
#: SVID error handling). Compiled code binds the newest version it sees, so a build on bullseye would
#: need glibc 2.29; this header, forced into every C file of Python and SQLite, binds the old ones,
#: which every glibc still provides. With sem_clockwait (2.30) left out by configure, nothing
#: compiled here needs more than glibc 2.28 (UOS 20).
GLIBC_COMPAT_H = """\
/* packaging/build_compat.py: bind libm's pre-2.29 symbol versions (see there). */
#if defined(__x86_64__)
#define GRIDCOUNTER_OLD_LIBM "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define GRIDCOUNTER_OLD_LIBM "GLIBC_2.17"
#endif
#ifdef GRIDCOUNTER_OLD_LIBM
__asm__(".symver exp,exp@" GRIDCOUNTER_OLD_LIBM);
__asm__(".symver exp2,exp2@" GRIDCOUNTER_OLD_LIBM);
__asm__(".symver log,log@" GRIDCOUNTER_OLD_LIBM);
__asm__(".symver log2,log2@" GRIDCOUNTER_OLD_LIBM);
__asm__(".symver pow,pow@" GRIDCOUNTER_OLD_LIBM);
#endif
"""

#: Runs inside the root. Idempotent: the compiled SQLite and Python and the venv are kept between runs.
CHROOT_SCRIPT = r"""
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
dpkg -s {packages} >/dev/null 2>&1 || {{ apt-get update -qq && apt-get install -y -qq {packages} >/dev/null; }}
if [ ! -e {prefix}/.recipe-{recipe} ]; then
  rm -rf {prefix} {venv} /build/sqlite3-{sqlite} /build/Python-{python}
  mkdir -p {prefix}/include && cp /build/glibc-compat.h {prefix}/include/gridcounter-glibc-compat.h
  tar -xJf /build/sqlite.tar.xz -C /build && cd /build/sqlite3-{sqlite}
  ./configure --prefix={prefix} --disable-tcl --disable-readline --disable-static       CFLAGS="{sqlite_cflags} -include {prefix}/include/gridcounter-glibc-compat.h" >/build/sqlite-configure.log
  nice make -j{jobs} >/build/sqlite-make.log 2>&1 || {{ tail -40 /build/sqlite-make.log; exit 1; }}
  make install >/build/sqlite-install.log 2>&1
  tar -xzf /build/python.tar.gz -C /build && cd /build/Python-{python}
  ./configure --prefix={prefix} --enable-shared --with-ensurepip=install ac_cv_func_sem_clockwait=no       CFLAGS="-include {prefix}/include/gridcounter-glibc-compat.h"       LIBSQLITE3_CFLAGS="-I{prefix}/include" LIBSQLITE3_LIBS="-L{prefix}/lib -lsqlite3"       LDFLAGS="-L{prefix}/lib -Wl,-rpath,{prefix}/lib" >/build/configure.log
  nice make -j{jobs} >/build/make.log 2>&1 || {{ tail -40 /build/make.log; exit 1; }}
  make altinstall >/build/install.log 2>&1
  cd /build && rm -rf /build/sqlite3-{sqlite} /build/Python-{python}
  touch {prefix}/.recipe-{recipe}
fi
{prefix}/bin/python3.11 -c "import sqlite3, sys; assert sqlite3.sqlite_version == '{sqlite}', sqlite3.sqlite_version"
[ -x {venv}/bin/python ] || {prefix}/bin/python3.11 -m venv {venv}
printf '%s\n' {constraints} >/build/constraints.txt
{venv}/bin/python -m pip install -q -c /build/constraints.txt /src pyinstaller
cd /src
{venv}/bin/python packaging/build.py --deb --deb-level {level} --dist /build/dist --work /build/work
"""


def log(message: str) -> None:
    print(f"build_compat: {message}", flush=True)


def _pip_files() -> list[Path]:
    home = Path.home()
    candidates = [Path("/etc/pip.conf"), Path("/etc/xdg/pip/pip.conf"), home / ".pip" / "pip.conf"]
    candidates.append(home / ".config" / "pip" / "pip.conf")
    return [p for p in candidates if p.is_file()]


def _referenced(texts: list[str], root: Path) -> tuple[list[Path], list[Path]]:
    """Local paths pip's configuration names: folders (file:// indexes, find-links), bind-mounted
    read-only, and files (a constraint file, the CA bundle), copied."""
    folders: set[Path] = set()
    files: set[Path] = set()
    for text in texts:
        for path in re.findall(r"(?:file://)?(/[^\s'\"]+)", text):
            found = Path(path)
            if found.name == "simple":
                found = found.parent
            if found.is_file():
                files.add(found)
            elif found.is_dir() and found != Path("/") and found not in root.parents and found != root:
                folders.add(found)
    return sorted(folders), sorted(files)


def ensure_root(root: Path, mirror: str) -> None:
    marker = root / ".gridcounter-compat-root"
    if marker.is_file():
        log(f"reusing {root}")
        return
    if not shutil.which("debootstrap"):
        raise SystemExit("debootstrap is missing: apt-get install debootstrap")
    log(f"debootstrap {SUITE} into {root} (a few minutes)")
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(BUILD_PACKAGES)}",
            SUITE,
            str(root),
            mirror,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    marker.write_text(f"{SUITE} {mirror}\n", encoding="utf-8")


def ensure_sources(root: Path) -> None:
    """The Python and SQLite tarballs into ROOT/build (checked), and the glibc header."""
    build = root / "build"
    build.mkdir(parents=True, exist_ok=True)
    (build / "glibc-compat.h").write_text(GLIBC_COMPAT_H, encoding="utf-8")
    for name, url, sha256 in (
        ("python.tar.gz", PYTHON_URL, PYTHON_SHA256),
        ("sqlite.tar.xz", SQLITE_URL, SQLITE_SHA256),
    ):
        tarball = build / name
        if tarball.is_file() and hashlib.sha256(tarball.read_bytes()).hexdigest() == sha256:
            continue
        log(f"downloading {url}")
        with urllib.request.urlopen(url, timeout=300) as response:
            data = response.read()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise SystemExit(f"{url}: unexpected SHA-256 (bookworm's .dsc names the expected one)")
        tarball.write_bytes(data)


def copy_sources(root: Path) -> None:
    """The working tree as git sees it (tracked and untracked files, not the ignored ones) into ROOT/src."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    target = root / "src"
    if target.exists():
        shutil.rmtree(target)
    for name in filter(None, files):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            dest = target / os.fsdecode(name)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest, follow_symlinks=False)


def configure_network(root: Path) -> list[Path]:
    """DNS, the CA bundle and pip's configuration into the root; returns the folders to bind-mount."""
    for name in ("resolv.conf", "hosts"):
        if Path("/etc", name).is_file():
            shutil.copy(Path("/etc", name), root / "etc" / name)
    bundle = Path(os.environ.get("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"))
    if bundle.is_file():
        shutil.copy(bundle, root / "etc" / "gridcounter-build-ca.crt")
    texts = []
    for conf in _pip_files():
        dest = (
            root / conf.relative_to("/")
            if not conf.is_relative_to(Path.home())
            else (root / "root" / conf.relative_to(Path.home()))
        )
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(conf, dest)
        texts.append(conf.read_text(encoding="utf-8", errors="replace"))
    texts += [v for k, v in os.environ.items() if k.startswith("PIP_")]
    folders, files = _referenced(texts, root)
    for path in files:
        (root / path.relative_to("/")).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, root / path.relative_to("/"))
    return folders


@contextmanager
def mounted(root: Path, binds: list[Path]) -> Iterator[None]:
    """/proc, and the local package indexes read-only; unmounted again whatever happens. /dev is not
    mounted (debootstrap created its device nodes), so nothing of the host is writable from the root."""
    done: list[Path] = []
    try:
        proc = root / "proc"
        if not os.path.ismount(proc):
            subprocess.run(["mount", "-t", "proc", "proc", str(proc)], check=True)
            done.append(proc)
        for folder in binds:
            target = root / folder.relative_to("/")
            target.mkdir(parents=True, exist_ok=True)
            if os.path.ismount(target):
                continue
            subprocess.run(["mount", "--bind", str(folder), str(target)], check=True)
            done.append(target)
            subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True)
        yield
    finally:
        for target in reversed(done):
            subprocess.run(["umount", "-l", str(target)], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 packaging/build_compat.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.home() / ".cache" / "gridcounter-compat",
        help="the bullseye build root (created on first use, then reused; default ~/.cache/gridcounter-compat)",
    )
    parser.add_argument("--dist", type=Path, default=REPO / "dist" / "compat", help="output folder")
    parser.add_argument("--mirror", default=MIRROR, help=f"Debian mirror for debootstrap (default {MIRROR})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="make -j for CPython")
    parser.add_argument("--deb-level", type=int, default=6, choices=range(1, 10), metavar="1-9")
    args = parser.parse_args(argv)
    if sys.platform != "linux" or os.geteuid() != 0:
        parser.error("run it as root on Linux (debootstrap and chroot)")
    root, dist = args.root.resolve(), args.dist.resolve()
    if root == REPO or REPO in root.parents:
        parser.error("the build root must be outside the repository")
    t0 = time.perf_counter()
    ensure_root(root, args.mirror)
    ensure_sources(root)
    log(f"root ready in {time.perf_counter() - t0:.0f} s")
    copy_sources(root)
    binds = configure_network(root)
    shutil.rmtree(root / "build" / "dist", ignore_errors=True)
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        **{k: v for k, v in os.environ.items() if k.startswith("PIP_") or k.endswith("_proxy")},
        "PIP_CERT": "/etc/gridcounter-build-ca.crt",
        "SSL_CERT_FILE": "/etc/gridcounter-build-ca.crt",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_ROOT_USER_ACTION": "ignore",
    }
    script = CHROOT_SCRIPT.format(
        packages=" ".join(BUILD_PACKAGES),
        prefix=PREFIX,
        venv=VENV,
        recipe=RECIPE,
        python=PYTHON,
        sqlite=SQLITE,
        sqlite_cflags=SQLITE_CFLAGS,
        jobs=args.jobs,
        level=args.deb_level,
        constraints=" ".join(f"'{c}'" for c in CONSTRAINTS),
    )
    t1 = time.perf_counter()
    with mounted(root, binds):
        subprocess.run(["chroot", str(root), "/bin/bash", "-c", script], env=env, check=True)
    log(f"Python, venv and build.py --deb in the root: {time.perf_counter() - t1:.0f} s")
    debs = sorted((root / "build" / "dist").glob("gridcounter_*.deb"))
    if len(debs) != 1:
        raise SystemExit(f"expected one .deb in {root / 'build' / 'dist'}, found {debs}")
    dist.mkdir(parents=True, exist_ok=True)
    for old in dist.glob("gridcounter_*.deb"):
        old.unlink()
    deb = Path(shutil.copy2(debs[0], dist))
    folder = root / "build" / "dist" / "gridcounter"
    for prefix in ("GLIBC", "GLIBCXX"):
        newest, users = build_support.newest_version(folder, prefix)
        log(f"newest {prefix}_ needed: {'.'.join(map(str, newest))} ({', '.join(users[:4])})")
    log(f"{deb}  ({time.perf_counter() - t0:.0f} s in all; the folder: {folder})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
