"""``main.py selftest``: can this PC run the counter? Database, migrations, fonts, printing.

Reads only; it never migrates or writes business data. Each line is ``[OK]``, ``[WARN]``
or ``[FAIL]`` with what was checked, so IT can paste the report into a ticket.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable

from sqlalchemy import text

from app.config import Settings, private_dir, user_data_dir, user_log_dir
from app.printing.fonts import cjk_font

Line = tuple[str, str]


def _versions() -> list[Line]:
    out = [("OK", f"Python {platform.python_version()} ({sys.executable}) on {platform.platform()}")]
    for dist in ("PySide6-Essentials", "SQLAlchemy", "alembic", "reportlab", "qt-material", "psycopg",
                 "python-stdnum", "pypinyin", "argon2-cffi", "platformdirs"):
        try:
            out.append(("OK", f"{dist} {importlib.metadata.version(dist)}"))
        except importlib.metadata.PackageNotFoundError:
            out.append(("FAIL", f"{dist} 未安装"))
    return out


def _folders() -> list[Line]:
    out = []
    for label, path in (("数据目录", user_data_dir()), ("日志目录", user_log_dir())):
        try:
            private_dir(path)  # created for this user only, as the program itself does
            probe = path / ".selftest"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
            out.append(("OK", f"{label}可写: {path}"))
        except OSError as exc:
            out.append(("FAIL", f"{label}不可写: {path} ({exc})"))
    return out


def _database(settings: Settings) -> list[Line]:
    from app.secrets import with_stored_password
    from app.write_path.oplog import verify
    from db.engine import Database, SqliteTooOld
    from db.migrate import current_revision, head_revision

    out: list[Line] = []
    try:
        db = Database(with_stored_password(settings.resolved_db_url))
    except SqliteTooOld as exc:
        return [("FAIL", str(exc))]
    try:
        with db.engine.connect() as conn:
            if db.is_sqlite:
                version = conn.exec_driver_sql("select sqlite_version()").scalar()
                journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
                out.append(("OK", f"数据库: SQLite {version} {db.display_url}"))
                out.append(("OK" if journal == "wal" and sync == 2 else "FAIL",
                            f"SQLite journal_mode={journal} synchronous={sync}（要求 wal / 2=FULL）"))
            else:
                version = conn.execute(text("show server_version")).scalar()
                out.append(("OK", f"数据库: PostgreSQL {version} {db.display_url}"))
        current, head = current_revision(db.engine), head_revision()
        if current == head:
            out.append(("OK", f"数据库结构为最新版本 {head}"))
        elif current is None:
            out.append(("WARN", f"数据库尚未建立结构（启动程序或 init-db 时自动迁移到 {head}）"))
        else:
            how = ("启动时先备份再自动迁移" if db.is_sqlite
                   else "联网模式：先在服务器上用 pg_dump 备份，再用所有者账号运行 "
                   "init-db --backup-taken --app-role 柜台账号 升级")
            out.append(("WARN", f"数据库结构版本 {current}，最新 {head}（{how}）"))
        if current == head:
            with db.read() as session:
                reports = verify(session)
            if not reports:
                out.append(("WARN", "数据库尚未初始化（首次启动时设置营业厅和管理员）"))
            for r in reports:
                out.append(("OK" if r.ok else "FAIL", f"操作日志 节点{r.node_code}: {r.records}条"
                            + ("，哈希链完整" if r.ok else f"，第{r.first_broken_seq}条断链：{r.problem}")))
    except Exception as exc:  # noqa: BLE001 — the report must say what failed, not crash
        out.append(("FAIL", f"无法连接数据库 {db.display_url}: {exc}"))
    finally:
        db.dispose()
    return out


def _fonts() -> list[Line]:
    choice = cjk_font()
    out: list[Line] = []
    if choice is not None:
        out.append(("OK", f"界面中文字体候选: {choice.family} [{choice.source}] {choice.path}#{choice.subfont_index}"))
    try:
        from reportlab.pdfgen import canvas

        from app.printing.fonts import cjk_fonts

        fonts = cjk_fonts()
        out.append(("OK" if fonts.embedded else "WARN",
                    f"PDF 字体: {fonts.source}" + ("" if fonts.embedded else "（不嵌入：打印机/阅读器须自带中文字体）")))
        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        c.setFont(fonts.regular, 12)
        c.drawString(72, 720, "电力营业厅柜台业务系统 ¥128.50 壹佰贰拾捌元伍角整")
        c.save()
        pdf = buf.getvalue()
        embedded = b"/FontFile2" in pdf
        out.append(("OK" if embedded else "WARN",
                    f"PDF 中文渲染: {len(pdf)} 字节，字体{'已嵌入' if embedded else '未嵌入'}"))
    except Exception as exc:  # noqa: BLE001 — the report must say what failed
        out.append(("FAIL", f"ReportLab 无法生成中文 PDF: {exc}"))
    return out


def _printing() -> list[Line]:
    out: list[Line] = []
    for module, label in (("PySide6.QtPdf", "QtPdf 打印预览"), ("PySide6.QtPrintSupport", "QtPrintSupport 打印")):
        found = importlib.util.find_spec(module) is not None
        out.append(("OK" if found else "FAIL", f"{label}: {'可用' if found else '缺少 ' + module}"))
    if os.name == "nt":
        out.append(("OK", "打印: Windows 打印后台处理程序"))
    elif shutil.which("lpstat"):
        res = subprocess.run(["lpstat", "-p"], capture_output=True, text=True, timeout=5)
        printers = [ln.split()[1] for ln in res.stdout.splitlines() if ln.startswith("printer")]
        out.append(("OK" if printers else "WARN",
                    f"CUPS 打印机: {', '.join(printers) if printers else '未配置打印机（可另存为 PDF）'}"))
    else:
        out.append(("WARN", "未找到 CUPS (lpstat)：只能另存为 PDF"))
    return out


def run_selftest(settings: Settings) -> tuple[bool, list[str]]:
    sections: list[tuple[str, Callable[[], list[Line]]]] = [
        ("运行环境", _versions), ("目录", _folders), ("数据库", lambda: _database(settings)),
        ("字体", _fonts), ("打印", _printing),
    ]
    lines: list[str] = ["GridCounter 自检报告"]
    ok = True
    for title, check in sections:
        lines.append(f"== {title}")
        for level, message in check():
            ok = ok and level != "FAIL"
            lines.append(f"[{level}] {message}")
    lines.append("结论: " + ("通过" if ok else "存在失败项，请按 [FAIL] 行处理"))
    return ok, lines
