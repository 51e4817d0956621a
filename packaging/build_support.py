"""What packaging/gridcounter.spec, packaging/build.py and the packaging test share: which system
libraries the Linux build leaves to the distribution (and the Debian packages that provide them),
which Qt translations it keeps, and the ELF checks behind the .deb's Depends.

Stdlib only (the spec imports it inside PyInstaller; the test without Qt).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

#: Shared libraries the frozen program needs from the system, with the Debian 12 package that provides
#: each (the same names on Ubuntu 22.04+, UOS 20 and Kylin V10, all Debian-based). The build never
#: bundles these, even when the build machine has them: the distribution's copies match its X server,
#: graphics drivers (Mesa needs the system's libstdc++), font configuration and D-Bus. Qt's xcb platform
#: plugin (plugins/platforms/libqxcb.so + libQt6XcbQpa) needs the libxcb-* / xkbcommon ones; a bare
#: desktop install lacks libxcb-cursor0 in particular.
SYSTEM_LIBRARIES: dict[str, str] = {
    # X11 / xcb: the xcb platform plugin
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    # graphics: the vendor-neutral GL dispatch (libglvnd); the drivers come with it
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    # fonts, GLib (Qt's event dispatcher), D-Bus (input methods, the desktop's theme), printing
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libcups.so.2": "libcups2",
    # the C++ runtime: a GL driver of a newer distribution needs its newer libstdc++, never ours
    "libstdc++.so.6": "libstdc++6",
    # libgcc1 before Debian 11 / Ubuntu 20.04 (UOS 20 is Debian 10 based): an alternative in the Depends
    "libgcc_s.so.1": "libgcc-s1 | libgcc1",
}

#: glibc's libraries (PyInstaller never bundles them): ``libc6 (>= newest GLIBC_x.y symbol version used)``.
GLIBC = re.compile(
    r"^(libc|libm|libdl|libpthread|librt|libutil|libresolv|libcrypt|libnsl|libanl|ld-linux[-\w]*)"
    r"\.so(\.\d+)*$"
)

#: Kept Qt translations: the program offers Chinese and English (ui/i18n.py loads qtbase_zh_CN.qm).
QT_TRANSLATIONS_KEPT = ("_zh_CN.qm", "_en.qm")


#: Qt plugins the program does not need (the same patterns on Linux and Windows): other display
#: backends than xcb / offscreen / minimal (Windows: qwindows stays), Wayland (qwayland; Qt 6.8, the
#: compatibility build's, has qwayland-egl and -generic; Qt falls back to xcb, i.e. XWayland, which every
#: target desktop has), the virtual keyboard (QML: it would pull in QtQuick),
#: the GTK 3 theme (it would need GTK), and network plugins (QtNetwork is there only because QtPdf links it).
UNUSED_QT_PLUGINS = re.compile(
    r"/plugins/(wayland-[^/]+|egldeviceintegrations|generic|networkinformation|tls|position|sqldrivers"
    r"|platforms/(lib)?q(eglfs|linuxfb|minimalegl|vnc|vkkhrdisplay|wayland[\w-]*)\.\w+"
    r"|platforminputcontexts/(lib)?qtvirtualkeyboardplugin\.\w+"
    r"|platformthemes/(lib)?qgtk3\.\w+)(/|$)"
)


def is_unused_qt_plugin(dest: str) -> bool:
    return bool(UNUSED_QT_PLUGINS.search("/" + dest.replace("\\", "/")))


def prune_binaries(binaries: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Linux: PyInstaller's binaries without the unused Qt plugins, the system libraries, and whatever
    only those needed. A binary stays when it is a Python extension module, a kept Qt plugin or
    libpython, or when one that stays needs it (DT_NEEDED, followed to the end).
    Returns (kept, names dropped)."""
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in binaries:
        by_name.setdefault(Path(entry[0]).name, []).append(entry)
    roots = [
        e
        for e in binaries
        if not is_unused_qt_plugin(e[0])
        and (e[2] == "EXTENSION" or "/Qt/plugins/" in "/" + e[0] or Path(e[0]).name.startswith("libpython"))
    ]
    kept: set[str] = set()
    todo = list(roots)
    while todo:
        dest, src, _ = todo.pop()
        if dest in kept:
            continue
        kept.add(dest)
        for soname in needed(Path(src)):
            if is_system_library(soname):
                continue
            todo.extend(e for e in by_name.get(soname, []) if e[0] not in kept)
    return [e for e in binaries if e[0] in kept], sorted(e[0] for e in binaries if e[0] not in kept)


def prune_symlinks(
    datas: list[tuple[str, str, str]], binaries: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """PyInstaller's SYMLINK entries (top-level aliases of libraries below PySide6/, …) whose target stays."""
    present = {e[0].replace("\\", "/") for e in binaries} | {
        e[0].replace("\\", "/") for e in datas if e[2] != "SYMLINK"
    }
    return [e for e in datas if e[2] != "SYMLINK" or e[1].replace("\\", "/") in present]


def system_packages() -> list[str]:
    """The Debian packages of :data:`SYSTEM_LIBRARIES` (of an alternative ``a | b``, the first)."""
    return sorted({package.split("|")[0].strip() for package in SYSTEM_LIBRARIES.values()})


def is_system_library(name: str) -> bool:
    return name in SYSTEM_LIBRARIES


def is_unused_qt_translation(dest: str) -> bool:
    """A Qt translation file of a language the program does not offer (PySide6/Qt/translations/*.qm
    on Linux, PySide6/translations/*.qm on Windows)."""
    path = dest.replace("\\", "/")
    in_qt = re.search(r"(^|/)PySide6/(Qt/)?translations/[^/]+\.qm$", path) is not None
    return in_qt and not path.endswith(QT_TRANSLATIONS_KEPT)


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)]


def _objdump(args: list[str], path: Path) -> str:
    return subprocess.run(["objdump", *args, str(path)], capture_output=True, text=True, check=False).stdout


def needed(path: Path) -> list[str]:
    """The DT_NEEDED sonames of an ELF file."""
    return re.findall(r"^\s*NEEDED\s+(\S+)", _objdump(["-p"], path), re.M)


def glibc_versions(path: Path, prefix: str = "GLIBC") -> set[tuple[int, ...]]:
    """The GLIBC_x.y symbol versions an ELF file requires (``prefix="GLIBCXX"``: libstdc++'s)."""
    text = _objdump(["-T"], path)
    found = re.findall(rf"\b{prefix}_(\d+(?:\.\d+)+)\b", text)
    return {tuple(int(n) for n in v.split(".")) for v in found}


def newest_version(folder: Path, prefix: str = "GLIBC") -> tuple[tuple[int, ...], list[str]]:
    """The newest GLIBC_ (or GLIBCXX_, ...) symbol version any ELF file of ``folder`` requires, and
    the files that require it: what decides the oldest distribution the build runs on."""
    newest: tuple[int, ...] = ()
    users: list[str] = []
    for path in elf_files(folder):
        versions = glibc_versions(path, prefix)
        top = max(versions, default=())
        if top and top > newest:
            newest, users = top, []
        if top and top == newest:
            users.append(str(path.relative_to(folder)))
    return newest, users


def external_libraries(folder: Path, files: Iterable[Path] | None = None) -> dict[str, list[str]]:
    """Soname → the files of ``folder`` that need it, for every soname the folder does not hold itself."""
    files = list(files) if files is not None else elf_files(folder)
    present = {p.name for p in folder.rglob("*")}
    out: dict[str, list[str]] = {}
    for path in files:
        for soname in needed(path):
            if soname not in present:
                out.setdefault(soname, []).append(str(path.relative_to(folder)))
    return out


def depends(folder: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The .deb's Depends for the one-folder build in ``folder``, and the sonames nothing provides
    (neither the folder, glibc nor :data:`SYSTEM_LIBRARIES`) — those must be empty for a release."""
    files = elf_files(folder)
    external = external_libraries(folder, files)
    packages: set[str] = set()
    unknown: dict[str, list[str]] = {}
    for soname, users in external.items():
        if GLIBC.match(soname):
            continue
        if soname in SYSTEM_LIBRARIES:
            packages.add(SYSTEM_LIBRARIES[soname])
        else:
            unknown[soname] = users
    newest = max((v for p in files for v in glibc_versions(p)), default=(2, 17))
    result = [f"libc6 (>= {'.'.join(map(str, newest))})", *sorted(packages)]
    return result, unknown
