"""Build GridCounter for the counter PCs: one self-contained folder, and on Linux a .deb from it.

    python packaging/build.py            the one-folder build: dist/gridcounter/ (Linux or Windows)
    python packaging/build.py --deb      the same, then dist/gridcounter_<version>_<arch>.deb (Linux)

Run it with the Python of a venv holding the program and the ``package`` extra
(``pip install -e ".[package]"``). The folder is PyInstaller's one-folder build of main.py from
packaging/gridcounter.spec (the same spec on Windows; the Inno Setup script
packaging/windows/gridcounter.iss wraps the folder there). ``--dist`` / ``--work`` put the output and
PyInstaller's work files elsewhere (the packaging test builds into a temporary folder).

The .deb installs the folder to /opt/gridcounter, ``gridcounter`` on the PATH (/usr/bin/gridcounter,
a relative symlink), the menu entry and icon; its Depends are the system libraries the bundled Qt
needs (build_support.SYSTEM_LIBRARIES, checked against every ELF file of the folder: a library neither
bundled nor known there stops the build) and the glibc version the folder's binaries require.
Removing the package leaves the users' data alone (it lives in their home folders; no maintainer scripts).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import build_support  # noqa: E402

NAME = "gridcounter"
INSTALL_DIR = "/opt/gridcounter"
MAINTAINER = "GridCounter <it@gridcounter.invalid>"


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_folder(dist: Path, work: Path, clean: bool = False) -> Path:
    """PyInstaller's one-folder build into ``dist/gridcounter``; returns that folder."""
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(HERE / "gridcounter.spec"),
        "--noconfirm",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--log-level",
        "WARN",
    ]
    if clean:
        cmd.append("--clean")
    subprocess.run(cmd, check=True, cwd=ROOT)
    folder = dist / NAME
    if not (folder / (NAME + (".exe" if os.name == "nt" else ""))).is_file():
        raise SystemExit(f"PyInstaller finished without {folder / NAME}")
    return folder


def check_libraries(folder: Path) -> list[str]:
    """The .deb's Depends; stops when the folder needs a library nothing provides."""
    depends, unknown = build_support.depends(folder)
    if unknown:
        lines = [
            f"  {soname}  (needed by {', '.join(users[:3])}{' …' if len(users) > 3 else ''})"
            for soname, users in sorted(unknown.items())
        ]
        raise SystemExit(
            "the build needs system libraries packaging/build_support.py does not know; add each "
            "to SYSTEM_LIBRARIES with its Debian package (or exclude what needs it):\n" + "\n".join(lines)
        )
    return depends


def _arch() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def control(depends: list[str], installed_kib: int) -> str:
    return "\n".join(
        [
            f"Package: {NAME}",
            f"Version: {version()}",
            f"Architecture: {_arch()}",
            f"Maintainer: {MAINTAINER}",
            f"Installed-Size: {installed_kib}",
            f"Depends: {', '.join(depends)}",
            "Recommends: cups-client",  # selftest's printer check (lpstat); printing itself goes through libcups
            "Section: misc",
            "Priority: optional",
            "Homepage: https://gridcounter.invalid/",
            "Description: GridCounter 电力营业厅柜台业务系统 — counter application",
            " Counter application for the clerks of power-supply business halls: customers, bills,",
            " payments and receipts, cashier sessions, service applications and work orders,",
            " on a local SQLite database or a shared PostgreSQL server.",
            " .",
            f" Self-contained: Python and Qt are bundled below {INSTALL_DIR}.",
            "",
        ]
    )


def build_deb(folder: Path, dist: Path, work: Path, level: int = 6) -> Path:
    """The .deb from the one-folder build ``folder``, into ``dist``."""
    if not shutil.which("dpkg-deb"):
        raise SystemExit("dpkg-deb is missing: apt-get install dpkg-dev (Debian / Ubuntu / UOS / Kylin)")
    depends = check_libraries(folder)
    stage = work / "deb" / NAME
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / INSTALL_DIR.lstrip("/")
    opt.parent.mkdir(parents=True)
    shutil.copytree(folder, opt, symlinks=True)
    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    # Relative: also right inside a scratch root (dpkg -x, dpkg --root).
    (bin_dir / NAME).symlink_to(os.path.relpath(opt / NAME, bin_dir))
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / "gridcounter.desktop", apps / "gridcounter.desktop")
    for size_dir, icon in (("256x256", "gridcounter.png"), ("scalable", "gridcounter.svg")):
        target = stage / "usr" / "share" / "icons" / "hicolor" / size_dir / "apps"
        target.mkdir(parents=True)
        shutil.copy2(HERE / icon, target / icon)
    doc = stage / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "GridCounter: proprietary.\n"
        f"Bundled below {INSTALL_DIR}/_internal: Python (PSF licence), Qt and PySide6 (LGPLv3), and the Python\n"
        "packages listed by its *.dist-info folders under their own licences; resources/fonts/wqy-microhei.ttc:\n"
        "WenQuanYi Micro Hei (Apache-2.0, see wqy-microhei.COPYRIGHT beside it).\n",
        encoding="utf-8",
    )
    for path in stage.rglob("*"):  # 0755 folders and programs, 0644 data, whatever the umask was
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK):
            path.chmod(0o755)
        else:
            path.chmod(0o644)
    debian = stage / "DEBIAN"
    debian.mkdir()
    installed_kib = (folder_size(stage) + 1023) // 1024
    (debian / "control").write_text(control(depends, installed_kib), encoding="utf-8")
    dist.mkdir(parents=True, exist_ok=True)
    deb = dist / f"{NAME}_{version()}_{_arch()}.deb"
    # --root-owner-group: files owned by root without fakeroot; gzip: every dpkg of the target systems reads it
    # (UOS 20 and Kylin V10 ship dpkg versions without zstd), and it is quick on a small machine.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", f"-z{level}", "--build", str(stage), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(stage)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python packaging/build.py", description=__doc__.split("\n")[0])
    parser.add_argument("--deb", action="store_true", help="also build the .deb from the folder (Linux)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="PyInstaller's work folder (default: build/pyinstaller/)",
    )
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument(
        "--deb-level",
        type=int,
        default=6,
        choices=range(1, 10),
        metavar="1-9",
        help="gzip level of the .deb (default 6; the packaging test uses 1: quicker, ~10%% larger)",
    )
    parser.add_argument("--skip-folder", action="store_true", help="--deb from an existing DIST/gridcounter")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    if args.deb and sys.platform != "linux":
        parser.error("--deb builds on Linux only (Windows: packaging/windows/gridcounter.iss)")
    t0 = time.perf_counter()
    folder = dist / NAME if args.skip_folder else build_folder(dist, work, args.clean)
    seconds = time.perf_counter() - t0
    size = folder_size(folder)
    print(f"folder: {folder}  {size / 2**20:.0f} MiB  (built in {seconds:.0f} s)", flush=True)
    if sys.platform == "linux":
        depends = check_libraries(folder)
        print(f"system libraries: {', '.join(depends)}", flush=True)
    if args.deb:
        t1 = time.perf_counter()
        deb = build_deb(folder, dist, work, args.deb_level)
        print(
            f"deb: {deb}  {deb.stat().st_size / 2**20:.0f} MiB  (built in {time.perf_counter() - t1:.0f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
