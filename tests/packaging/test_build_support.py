"""packaging/build_support.py's rules, including the Windows paths the Linux CI never builds."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parents[2] / "packaging"))

import build_support  # noqa: E402


@pytest.mark.parametrize(
    ("dest", "unused"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platforms/libqminimal.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", True),  # Qt 6.8 (packaging/build_compat.py)
        ("PySide6/Qt/plugins/platforms/libqwayland-generic.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
        # Windows wheels: no Qt/ level, .dll names without "lib"
        ("PySide6\\plugins\\platforms\\qwindows.dll", False),
        ("PySide6\\plugins\\platforms\\qoffscreen.dll", False),
        ("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", True),
        ("PySide6\\plugins\\imageformats\\qjpeg.dll", False),
        ("PySide6\\plugins\\networkinformation\\qnetworklistmanager.dll", True),
    ],
)
def test_unused_qt_plugins(dest: str, unused: bool) -> None:
    assert build_support.is_unused_qt_plugin(dest) is unused


@pytest.mark.parametrize(
    ("dest", "unused"),
    [
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
        ("PySide6/Qt/translations/qtbase_en.qm", False),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6\\translations\\qt_fr.qm", True),
        ("PySide6\\translations\\qtbase_zh_CN.qm", False),
        ("resources/i18n/gridcounter_domain_en.qm", False),
    ],
)
def test_only_chinese_and_english_qt_translations(dest: str, unused: bool) -> None:
    assert build_support.is_unused_qt_translation(dest) is unused


def test_system_libraries_and_glibc() -> None:
    assert build_support.SYSTEM_LIBRARIES["libxcb-cursor.so.0"] == "libxcb-cursor0"
    assert build_support.is_system_library("libstdc++.so.6")  # a newer distribution's GL driver needs its own
    assert not build_support.is_system_library("libpython3.11.so.1.0")
    for glibc in (
        "libc.so.6",
        "libm.so.6",
        "ld-linux-x86-64.so.2",
        "libpthread.so.0",
        "ld-linux-aarch64.so.1",
    ):
        assert build_support.GLIBC.match(glibc), glibc
    assert not build_support.GLIBC.match("libcups.so.2")


def test_system_packages_take_the_first_of_an_alternative() -> None:
    # the Depends keep "libgcc-s1 | libgcc1" (Debian 10 bases have libgcc1); .ci/run and the compat
    # build's root install the first
    assert build_support.SYSTEM_LIBRARIES["libgcc_s.so.1"] == "libgcc-s1 | libgcc1"
    packages = build_support.system_packages()
    assert "libgcc-s1" in packages and not any("|" in p for p in packages)
    assert packages == sorted(set(packages))


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("objdump") is None, reason="ELF, objdump"
)
def test_newest_symbol_version_of_a_folder(tmp_path: Path) -> None:
    shutil.copy(sys.executable, tmp_path / "python")
    (tmp_path / "notes.txt").write_text("not ELF", encoding="utf-8")
    newest, users = build_support.newest_version(tmp_path, "GLIBC")
    assert newest >= (2, 2) and users == ["python"]
    assert max(build_support.glibc_versions(tmp_path / "python")) == newest
    assert build_support.newest_version(tmp_path, "NOSUCHLIB") == ((), [])


def test_compat_build_pins_and_local_pip_paths(tmp_path: Path) -> None:
    import build_compat

    assert "PySide6-Essentials==6.8.3" in build_compat.CONSTRAINTS
    assert "PySide6-Addons==6.8.3" in build_compat.CONSTRAINTS
    assert set(build_support.system_packages()) <= set(build_compat.BUILD_PACKAGES)
    index = tmp_path / "pypi" / "simple"
    index.mkdir(parents=True)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    constraint = tmp_path / "constraints.txt"
    constraint.write_text("", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    config = (
        f"[global]\nfind-links = {wheels}\nextra-index-url = file://{index} https://pypi.org/simple\n"
        f"constraint = {constraint}\nnot-a-path = {tmp_path / 'missing'}\nbuild-root = {root}\n"
    )
    folders, files = build_compat._referenced([config], root)
    # the index's folder (not .../simple) and the find-links folder bind-mounted; the constraint file copied;
    # a missing path, the URL and the build root itself ignored
    assert folders == sorted([tmp_path / "pypi", wheels]) and files == [constraint]
