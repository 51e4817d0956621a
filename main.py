"""GridCounter 电力营业厅柜台业务系统 — entry point.

    python main.py                      start the counter application (GUI)
    python main.py init-db [...]        create / migrate the database (and optionally set it up);
                                        an older shared (PostgreSQL) schema only with --backup-taken
    python main.py seed-demo --customers N [--months 24]
    python main.py verify-log [--anchor SEQ:HASH]...
                                        check the operation log's hash chain against its anchors, and
                                        reconcile the payment and bill tables with it (also: audit)
    python main.py record-anchor SEQ:HASH --user U   keep a head typed from a printed day-end report
    python main.py selftest             database, migrations, fonts, printing prerequisites
    python main.py catalogue-export [--version N] FILE
    python main.py catalogue-import FILE --note TEXT
                                        the business-type catalogue's versions (docs/rules.md#business-type-catalogue)
    python main.py store-db-password    keep the PostgreSQL password in the OS keyring, not in settings
    python main.py export-dashboard --from DATE --to DATE FILE.xlsx|FILE.pdf
                                        the supervisor's dashboard figures for a period (docs/rules.md#supervisor-dashboard)
    python main.py sync-server --listen HOST:PORT [--cert C --key K] [--db-url URL]
                                        the centre's sync service (docs/sync.md)
    python main.py sync-node add CODE NAME | code CODE | list | block CODE --reason TEXT
                                        branch nodes at the centre: register, new enrolment code, list
    python main.py enrol URL CODE       enrol this PC (a new SQLite database) as a branch node; on a branch
                                        database the centre refused: re-enrol it, carrying its unsent work
                                        (docs/sync.md#recovery)
    python main.py sync                 one sync round with the centre (exit 3: envelopes refused);  sync-status: the state
    python main.py backup [DIR]         a verified online backup of the SQLite database (docs/backup.md);
                                        on PostgreSQL: what to run on the server instead (exit 2)
    python main.py restore FILE [--to NEW.db]
                                        verify a backup and restore it into a new database file
    python main.py --version            the program's version (and the database schema it needs)

Imports stay inside the commands: the GUI's cold start is budgeted (≤ 2 s, docs/rules.md#budgets).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Mapping, Sequence


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, and each new one after a rotation, readable by this user only (0600): the log
    names customers' accounts and the database (issue 7 #13). Rotated files keep the mode."""

    def _open(self):  # type: ignore[no-untyped-def]
        from app.config import private_file

        private_file(self.baseFilename)  # type: ignore[arg-type]
        return super()._open()


def _setup_logging(verbose: bool = False) -> None:
    from app.config import private_dir, user_log_dir

    log_dir = private_dir(user_log_dir())
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # main() may run more than once in a process (tests, the selftest): one handler each, not one per call.
    ours = {getattr(h, "_gridcounter", None) for h in root.handlers}
    if "file" not in ours:
        handler = PrivateRotatingFileHandler(log_dir / "gridcounter.log", maxBytes=5_000_000,
                                             backupCount=5, encoding="utf-8")
        from app.diagnostics import (
            RedactingFormatter,  # no ID number, phone or driver DETAIL line in the file
        )

        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._gridcounter = "file"  # type: ignore[attr-defined]
        root.addHandler(handler)
    if verbose and "console" not in ours:
        console = logging.StreamHandler()
        console._gridcounter = "console"  # type: ignore[attr-defined]
        root.addHandler(console)


XCB_CURSOR = "libxcb-cursor.so.0"
XCB_CURSOR_MESSAGE = (
    "GridCounter 无法打开窗口：缺少系统库 libxcb-cursor0（Qt 的 xcb 图形平台需要它）。\n"
    "请先安装，再重新启动：\n"
    "    sudo apt-get install libxcb-cursor0\n"
    "\n"
    "GridCounter cannot open its window: the system library libxcb-cursor0, which Qt's xcb\n"
    "platform plugin needs, is not installed. Install it, then start again:\n"
    "    sudo apt-get install libxcb-cursor0"
)


def qt_platform_problem(environ: Mapping[str, str] | None = None, platform: str | None = None,
                        argv: Sequence[str] | None = None,
                        load: Callable[[str], object] | None = None) -> str | None:
    """Before any QApplication exists: the message to print when Qt's xcb platform plugin
    would abort the program (Qt ≥ 6.5 needs libxcb-cursor, which a bare Debian / Ubuntu
    desktop lacks), or None.

    Only when xcb is what Qt will use: Linux, no other platform chosen (QT_QPA_PLATFORM or
    ``-platform``), and not a Wayland session (Qt tries Wayland first there).
    """
    import ctypes

    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    argv = sys.argv if argv is None else argv
    load = ctypes.CDLL if load is None else load
    if not platform.startswith("linux") or "-platform" in argv:
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        if not chosen.split(";")[0].startswith("xcb"):
            return None
    elif environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return None
    try:
        load(XCB_CURSOR)  # dlopen by name: the way the plugin finds it, and fast (no ldconfig)
    except OSError:
        return XCB_CURSOR_MESSAGE
    return None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gridcounter", description="GridCounter 电力营业厅柜台业务系统")
    p.add_argument("--db-url", help="database URL (default: SQLite file in the user data folder); "
                   "e.g. postgresql+psycopg://user:pw@host/gridcounter")
    p.add_argument("--config", help="settings file (default: settings.toml in the user config folder)")
    p.add_argument("--node", dest="node_code", help="node code this PC writes as (default: the database's own)")
    p.add_argument("--lang", dest="language", choices=["zh_CN", "en"], help="UI language")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--version", dest="show_version", action="store_true", help="print the program's version and exit")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("gui", help="start the counter application (default)")
    init = sub.add_parser("init-db", help="create or migrate the database; with --node-code also set it up")
    init.add_argument("--node-code")
    init.add_argument("--backup-taken", action="store_true",
                      help="PostgreSQL: the database's administrator has backed it up (pg_dump) and checked the "
                      "dump; without it an older shared schema is not migrated and the pg_dump command is printed")
    init.add_argument("--node-name", default="")
    init.add_argument("--company", default="")
    init.add_argument("--admin-user", default="admin")
    init.add_argument("--admin-name", default="系统管理员")
    init.add_argument("--admin-password", default=os.environ.get("GRIDCOUNTER_ADMIN_PASSWORD", ""),
                      help="or GRIDCOUNTER_ADMIN_PASSWORD")
    init.add_argument("--owner-role", help="PostgreSQL: the role that owns the schema and runs migrations; "
                      "created if missing (connect as a superuser then), the database and tables handed to it")
    init.add_argument("--owner-password", default=os.environ.get("GRIDCOUNTER_OWNER_PASSWORD", ""),
                      help="or GRIDCOUNTER_OWNER_PASSWORD")
    init.add_argument("--app-role", help="PostgreSQL: the role the counters log in as (created if missing): "
                      "may insert into the journal tables but never update or delete them, and cannot migrate")
    init.add_argument("--app-password", default=os.environ.get("GRIDCOUNTER_APP_PASSWORD", ""),
                      help="or GRIDCOUNTER_APP_PASSWORD")
    seed = sub.add_parser("seed-demo", help="load demo customers, their bills and payments (and clerk accounts)")
    seed.add_argument("--customers", type=int, default=2000)
    seed.add_argument("--seed", type=int, default=20261123)
    seed.add_argument("--months", type=int, default=24,
                      help="months of readings, bills and payments for every customer, up to last month (0 = none)")
    seed.add_argument("--force", action="store_true",
                      help="load even into a database that has customers registered by clerks")
    for name in ("verify-log", "audit"):
        verify = sub.add_parser(name, help="check the operation log's hash chain against every anchor and reconcile "
                                "payments, tenders, allocations, prepaid balances and bills with it (docs/audit.md)")
        verify.add_argument("--anchor", action="append", default=[], metavar="[NODE:]SEQ:HASH",
                            help="a chain head from a printed day-end report (the short hash is enough); repeatable")
    rec = sub.add_parser("record-anchor", help="keep a chain head typed from a printed day-end report as an anchor "
                         "(an admin or supervisor; the password is read from the terminal or standard input)")
    rec.add_argument("anchor", metavar="[NODE:]SEQ:HASH")
    rec.add_argument("--user", required=True, help="admin / supervisor user name")
    rec.add_argument("--note", default="", help="e.g. which report it came from")
    sub.add_parser("store-db-password", help="save the PostgreSQL password of --db-url / db_url in the OS keyring "
                   "(read from the terminal, or one line on standard input)")
    sub.add_parser("selftest", help="check database, migrations, fonts and printing prerequisites")
    samples = sub.add_parser("print-samples", help="render every printed document as PDF into DIR, by running the real "
                             "services on a scratch database (nothing is written to yours)")
    samples.add_argument("dir", metavar="DIR")
    cexp = sub.add_parser("catalogue-export", help="write a version of the business-type catalogue (default: the one "
                          "in force) to FILE, as stored (docs/rules.md#business-type-catalogue)")
    cexp.add_argument("file", metavar="FILE")
    cexp.add_argument("--version", type=int, help="the version number (default: the newest)")
    cexp.add_argument("--user", help="administrator who signs it (default: the node's first administrator)")
    cimp = sub.add_parser("catalogue-import", help="load FILE as the next version of the business-type catalogue, "
                          "in force for applications accepted from now on")
    cimp.add_argument("file", metavar="FILE")
    cimp.add_argument("--note", required=True, help="what changed (版本说明, up to 200 characters)")
    cimp.add_argument("--user", help="administrator who signs it (default: the node's first administrator)")
    rep = sub.add_parser("report", help="write a report (docs/reports.md) to FILE: .xlsx, .csv or .pdf")
    rep.add_argument("name", choices=["collection", "arrears", "adjustments", "reversals", "refunds", "bill_run"])
    rep.add_argument("file", metavar="FILE")
    rep.add_argument("--from", dest="date_from", type=_iso_date, help="first day, YYYY-MM-DD (default: today)")
    rep.add_argument("--to", dest="date_to", type=_iso_date, help="last day, YYYY-MM-DD (default: --from)")
    rep.add_argument("--group", choices=["day", "month"], default="day", help="collection: rows per day or month")
    rep.add_argument("--sort", choices=["amount", "age"], default="amount", help="arrears: largest or oldest first")
    rep.add_argument("--run", help="bill_run: the operation id of the run (default: the newest run or import)")
    rep.add_argument("--user", help="supervisor / administrator who runs it (default: the node's first administrator)")
    dash = sub.add_parser("export-dashboard", help="write the supervisor's dashboard for a period to FILE: "
                          ".xlsx (a sheet per section) or .pdf (A4 with charts)")
    dash.add_argument("file", metavar="FILE")
    dash.add_argument("--from", dest="date_from", type=_iso_date, required=True, help="first day, YYYY-MM-DD")
    dash.add_argument("--to", dest="date_to", type=_iso_date, required=True, help="last day, YYYY-MM-DD")
    dash.add_argument("--user", help="supervisor / administrator who runs it (default: the node's first administrator)")
    srv = sub.add_parser("sync-server", help="run the centre's sync service (docs/sync.md) in front of the central "
                         "PostgreSQL database")
    srv.add_argument("--listen", default="127.0.0.1:8443", metavar="HOST:PORT")
    srv.add_argument("--cert", help="TLS certificate (PEM); with --key the service speaks HTTPS")
    srv.add_argument("--workers", type=int, default=1, metavar="N",
                     help="worker processes (default 1; e.g. the server's CPU cores)")
    srv.add_argument("--key", help="TLS private key (PEM)")
    srv.add_argument("--behind-proxy", action="store_true",
                     help="plain HTTP on a non-loopback address is allowed: a TLS proxy in front of it")
    srv.add_argument("--db-url", dest="server_db_url", metavar="URL",
                     help="the central PostgreSQL database (default: --db-url / db_url of the settings)")
    node = sub.add_parser("sync-node", help="branch nodes at the centre: register one, issue a new enrolment code, list")
    node_sub = node.add_subparsers(dest="node_command", required=True)
    node_add = node_sub.add_parser("add", help="register branch CODE (4 digits) named NAME and print its enrolment code")
    node_add.add_argument("code", metavar="CODE")
    node_add.add_argument("name", metavar="NAME")
    node_code = node_sub.add_parser("code", help="a new one-time enrolment code for branch CODE (the old code and "
                                    "the enrolled PC's credentials stop working)")
    node_code.add_argument("code", metavar="CODE")
    node_list = node_sub.add_parser("list", help="every branch: status, last contact, applied seq, clock, conflicts")
    node_block = node_sub.add_parser("block", help="stop branch CODE (a stolen or retired PC): its credentials are "
                                     "revoked; only a new code and enrolment start it again")
    node_block.add_argument("code", metavar="CODE")
    node_block.add_argument("--reason", required=True, help="why (shown to the administrator and the branch)")
    for each in (node_add, node_code, node_list, node_block):
        each.add_argument("--user", help="administrator who signs it (default: the node's first administrator)")
    enrol = sub.add_parser("enrol", help="enrol this PC as a branch node: a new SQLite database (--db-url) loaded "
                           "from the centre's snapshot; on a branch database the centre refused (restored from a "
                           "backup, blocked), with a new code: re-enrol it, carrying its unsent work "
                           "(docs/sync.md#recovery)")
    enrol.add_argument("url", metavar="URL", help="the centre's sync service, e.g. https://sync.example.cn:8443")
    enrol.add_argument("code", metavar="CODE", help="the one-time enrolment code from the centre")
    sync = sub.add_parser("sync", help="one sync round with the centre: push, pull; prints what was sent, received "
                          "and held; exit 3 when the centre refused envelopes")
    for each in (enrol, sync):
        each.add_argument("--allow-http", action="store_true",
                          help="allow plain http:// to a centre that is not this PC (setting sync_allow_http)")
    sub.add_parser("sync-status", help="this branch's sync state, without contacting the centre")
    bak = sub.add_parser("backup", help="a consistent online backup of the SQLite database, verified (integrity "
                         "check + verify-log) before it counts; keeps backup_keep generations (docs/backup.md)")
    bak.add_argument("dir", metavar="DIR", nargs="?", help="the backup folder (default: setting backup_dir)")
    bak.add_argument("--keep", type=int, help="generations to keep in DIR (default: setting backup_keep)")
    res = sub.add_parser("restore", help="verify backup FILE and restore it into a NEW database file (never over "
                         "the database in use); lists the payments the copy lacks")
    res.add_argument("file", metavar="FILE")
    res.add_argument("--to", dest="target", metavar="NEW.db",
                     help="the new database file (default: <database>.restored-<time>.db beside the database)")
    return p


def _iso_date(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt
    import uuid
    from pathlib import Path

    from app.domain.errors import NotFound
    from app.printing.reports import render_report
    from app.services import report_export, reports

    def run(db, actor) -> str:  # type: ignore[no-untyped-def]
        start = args.date_from or dt.date.today()
        end = args.date_to or start
        name = args.name
        if name == "collection":
            report = reports.collection_summary(db, actor, start, end, args.group)
        elif name == "arrears":
            report = reports.arrears_list(db, actor, args.date_to or dt.date.today(), sort=args.sort)
        elif name == "adjustments":
            report = reports.adjustment_list(db, actor, start, end)
        elif name in ("reversals", "refunds"):
            report = reports.undo_list(db, actor, name[:-1], start, end)
        else:
            runs = reports.list_bill_runs(db, actor, limit=1)
            if args.run:
                run_id = uuid.UUID(args.run)
            elif runs:
                run_id = runs[0].op_id
            else:
                raise NotFound("该次发行不存在")
            report = reports.bill_run_bills(db, actor, run_id)
        table = reports.tabulate(report)
        target = Path(args.file)
        if target.suffix.lower() == ".pdf":
            target.write_bytes(render_report(table))
        else:
            report_export.export_report(table, target)
        return f"{table.header.title}：{len(table.rows)} 行，已写入 {target}"

    return _catalogue_command(args, run)


def cmd_export_dashboard(args: argparse.Namespace) -> int:
    from app.services import dashboard

    def run(db, actor) -> str:  # type: ignore[no-untyped-def]
        figures = dashboard.dashboard(db, actor, args.date_from, args.date_to)
        target = dashboard.export_dashboard(figures, args.file)
        return f"营业厅服务看板（{figures.period_text}）：{figures.totals.transactions} 笔业务，已写入 {target}"

    return _catalogue_command(args, run)


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.config import load_settings

    return load_settings(args.config, db_url=args.db_url, node_code=args.node_code, language=args.language)


def cmd_init_db(args: argparse.Namespace) -> int:
    from app.domain.errors import DomainError, ValidationErrors
    from app.services.setup import (
        SetupInput,
        ensure_reference_data,
        grant_app_role,
        initialize,
        is_initialized,
        open_database,
    )
    from db.roles import RoleSetupError

    settings = _settings(args)
    if (args.owner_role or args.app_role) and settings.mode != "shared":
        print("--owner-role / --app-role 只用于 PostgreSQL（联网模式）数据库", file=sys.stderr)
        return 2
    try:
        db = open_database(settings, owner_role=args.owner_role, owner_password=args.owner_password or None,
                           backup_taken=args.backup_taken)
        print(f"数据库已迁移到最新版本: {db.display_url}")
        if args.app_role:
            created = grant_app_role(db, args.app_role, args.app_password or None, args.owner_role)
            print(("已创建" if args.app_role in created else "已更新") + f"柜台账号 {args.app_role} 的权限"
                  "（账务流水只能追加，不能修改或删除；不能升级数据库结构）")
        for line in ensure_reference_data(db):  # a database set up by an older release
            print(line)
    except (RoleSetupError, DomainError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.node_code:
        if is_initialized(db):
            print("数据库已初始化，未做更改")
            return 0
        try:
            node = initialize(db, SetupInput(args.node_code, args.node_name, args.company, args.admin_user,
                                             args.admin_name, args.admin_password, args.admin_password))
        except ValidationErrors as exc:
            for field, message in exc.by_field().items():
                print(f"  {field}: {message}", file=sys.stderr)
            return 2
        print(f"已初始化节点 {node.code} {node.name}，管理员 {args.admin_user}")
    return 0


def _has_real_customers(db) -> bool:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from app.domain.codes import OpType
    from db.models import Operation

    with db.read() as session:
        return session.scalar(select(Operation.seq).where(Operation.op_type == OpType.REGISTER_CUSTOMER)
                              .limit(1)) is not None


class _SeedProgress:
    """seed-demo's progress: customers, then months. On a terminal one line per phase rewritten
    in place; redirected (a log, a pipe) every step on a line of its own, never a \\r."""

    PHASES = ("演示客户", "演示账单（月份）")

    def __init__(self, tty: bool, first_phase: int = 0) -> None:
        self.tty = tty
        self.phase = first_phase - 1
        self.started = False
        self.last = (0, 0)

    def __call__(self, done: int, total: int) -> None:
        if not self.started or total != self.last[1] or done <= self.last[0]:
            if self.tty and self.started:
                print()
            self.started = True
            self.phase += 1
        self.last = (done, total)
        label = self.PHASES[min(self.phase, len(self.PHASES) - 1)]
        if self.tty:
            print(f"\r{label} {done:,}/{total:,}", end="", flush=True)
        else:
            print(f"{label} {done:,}/{total:,}", flush=True)

    def end(self) -> None:
        if self.tty and self.started:
            print()


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from app.demo import seed_demo
    from app.services.setup import is_initialized, open_database

    settings = _settings(args)
    db = open_database(settings)
    if not is_initialized(db):
        print("数据库尚未初始化：请先启动程序完成首次设置，或运行 init-db --node-code …", file=sys.stderr)
        return 2
    if not 0 <= args.months <= 120:
        print("--months 应在 0 到 120 之间", file=sys.stderr)
        return 2
    if not 0 <= args.customers <= 5_000_000:
        print("--customers 应在 0 到 5000000 之间", file=sys.stderr)
        return 2
    if not args.force and _has_real_customers(db):
        # Demo data brings fake customers and demo accounts with published passwords: never into
        # a hall's working database by a mistyped URL.
        print("该数据库中已有营业员登记的正式客户：演示数据只能载入培训或测试数据库。"
              "确需载入请加 --force", file=sys.stderr)
        return 2
    progress = _SeedProgress(_stdout_is_tty(), first_phase=0 if args.customers else 1)
    report = seed_demo(db, settings, customers=args.customers, seed=args.seed, months=args.months,
                       progress=progress, applications=True)
    progress.end()
    print(report)
    return 0


def cmd_verify_log(args: argparse.Namespace) -> int:
    from app.services.audit import run_audit
    from app.services.setup import open_database
    from app.write_path.oplog import parse_anchor

    try:
        anchors = [parse_anchor(a) for a in args.anchor]
    except ValueError as exc:
        print(f"--anchor: {exc}", file=sys.stderr)
        return 2
    db = open_database(_settings(args))
    report = run_audit(db, anchors)
    for line in report.lines():
        print(line)
    print(report.conclusion())
    return 0 if report.ok else 1


def cmd_record_anchor(args: argparse.Namespace) -> int:
    import getpass

    from app.domain.errors import DomainError, ValidationErrors
    from app.services import auth
    from app.services.audit import record_anchor
    from app.services.setup import open_database
    from app.write_path.oplog import parse_anchor

    try:
        anchor = parse_anchor(args.anchor)
    except ValueError as exc:
        print(f"锚点：{exc}", file=sys.stderr)
        return 2
    settings = _settings(args)
    db = open_database(settings)
    password = getpass.getpass("密码: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    try:
        actor = auth.login(db, args.user, password)
        try:
            result = record_anchor(db, actor, anchor.seq, anchor.hash, anchor.node_code, args.note)
        finally:
            auth.logout(db, actor)
    except ValidationErrors as exc:
        for message in exc.by_field().values():
            print(message, file=sys.stderr)
        return 2
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已记录锚点 节点 {result.node_code} 第 {result.seq} 条：{result.message}")
    return 0 if result.ok else 1


def cmd_store_db_password(args: argparse.Namespace) -> int:
    import getpass

    from app.secrets import KeyringUnavailable, store_password

    settings = _settings(args)
    password = getpass.getpass("数据库密码: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    try:
        bare = store_password(settings.resolved_db_url, password)
    except (ValueError, KeyringUnavailable) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"密码已保存到系统钥匙串。请在 settings.toml 中把 db_url 写成（不含密码）：{bare}")
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    from app.selftest import run_selftest

    ok, lines = run_selftest(_settings(args))
    for line in lines:
        print(line)
    return 0 if ok else 1


def cmd_print_samples(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.printing.fonts import cjk_fonts
    from app.printing.samples import render_samples

    paths = render_samples(Path(args.dir))
    for path in paths:
        print(path)
    fonts = cjk_fonts()
    print(f"字体: {fonts.source}" + ("" if fonts.embedded else "（未嵌入）"), file=sys.stderr)
    return 0


def _catalogue_actor(db, username: str | None):  # type: ignore[no-untyped-def]
    """A service session (as seed-demo's) of ``username`` or of the node's first administrator:
    whoever can run this against the database could write it directly, the record names them."""
    from sqlalchemy import select

    from app.domain.errors import NotFound
    from app.services import auth, tariffs
    from db.models import User

    if not username:
        return tariffs.system_actor(db)
    with db.read() as session:
        user_id = session.scalar(select(User.id).where(User.username == username.strip().lower(),
                                                       User.active.is_(True)))
    if user_id is None:
        raise NotFound("用户{username}不存在或已停用", username=username)
    return auth.service_actor(db, user_id)


def _catalogue_command(args: argparse.Namespace, run: Callable[..., str]) -> int:
    from app.domain.errors import DomainError, ValidationErrors
    from app.services import auth
    from app.services.setup import is_initialized, open_database

    db = open_database(_settings(args))
    try:
        if not is_initialized(db):
            print("数据库尚未初始化：请先启动程序完成首次设置，或运行 init-db --node-code …", file=sys.stderr)
            return 2
        try:
            actor = _catalogue_actor(db, args.user)
            try:
                print(run(db, actor))
            finally:
                auth.logout(db, actor)
        except ValidationErrors as exc:
            for error in exc.errors:
                print(str(error), file=sys.stderr)
            return 2
        except (DomainError, OSError) as exc:
            print(str(exc), file=sys.stderr)
            return 2
        return 0
    finally:
        db.dispose()


def cmd_catalogue_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services import application_catalogue

    def run(db, actor) -> str:  # type: ignore[no-untyped-def]
        text = application_catalogue.export_version(db, actor, args.version)
        parsed = application_catalogue.parse_text(text)
        Path(args.file).write_bytes(text.encode("utf-8"))  # as stored: no newline translation on Windows
        return f"已导出业务类型目录第 {parsed.version} 版（{len(parsed.types)} 种业务类型）到 {args.file}"

    return _catalogue_command(args, run)


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    from app.services import application_catalogue

    def run(db, actor) -> str:  # type: ignore[no-untyped-def]
        text = application_catalogue.read_file(args.file)  # a BOM from Notepad is not an error
        done = application_catalogue.import_version(db, actor, text, args.note)
        before = f"，上一版本为第 {done.previous} 版" if done.previous else ""
        return (f"已导入业务类型目录第 {done.version} 版（{done.type_count} 种业务类型，SHA-256 {done.sha256[:12]}…）"
                f"{before}；此后受理的申请按此版本办理，已受理的申请仍按各自的版本")

    return _catalogue_command(args, run)


def _local_time(utc_naive) -> str:  # type: ignore[no-untyped-def]
    """A stored UTC time (naive) as the PC's local time, to the minute."""
    import datetime as dt

    return utc_naive.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_sync_server(args: argparse.Namespace) -> int:
    settings = _settings(args)
    url = args.server_db_url or settings.db_url
    if not url.startswith("postgresql"):
        print("同步服务只能运行在中心的 PostgreSQL 数据库上：请用 --db-url postgresql+psycopg://… 指定"
              "（SQLite 单机数据库不能作为中心）", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("--workers 应为正整数", file=sys.stderr)
        return 2
    from app.secrets import with_stored_password
    from app.sync.server import serve
    from db.engine import Database

    db = Database(with_stored_password(url))
    try:
        serve(db, args.listen, cert=args.cert, key=args.key, retention_days=settings.sync_feed_retention_days,
              behind_proxy=args.behind_proxy, apply_concurrency=settings.sync_apply_concurrency,
              workers=args.workers,
              ready=lambda: print(f"同步服务已启动：{'https' if args.cert else 'http'}://{args.listen}（数据库 "
                                  f"{db.display_url}）"
                                  + ("；明文 HTTP，须由前置的 TLS 反向代理对外提供 https"
                                     if args.behind_proxy and not args.cert else ""), flush=True))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        db.dispose()
    return 0


def cmd_sync_node(args: argparse.Namespace) -> int:
    from app.sync import nodes

    def when(value) -> str:  # type: ignore[no-untyped-def]
        return _local_time(value) if value is not None else "—"

    def run(db, actor) -> str:  # type: ignore[no-untyped-def]
        if args.node_command == "list":
            rows = nodes.list_nodes(db, actor)
            if not rows:
                return "尚未登记分支节点"
            lines = ["节点  名称            状态      最后联系            已接收序号  时钟偏差(秒)  待处理冲突"]
            for v in rows:
                status = {"pending": "待注册", "active": "正常", "blocked": "已停止"}.get(v.status, v.status)
                lines.append(f"{v.code}  {v.name:<12}  {status:<6}  {when(v.last_seen_at):<18}  {v.applied_seq:>8}  "
                             f"{v.clock_skew_seconds:>10}  {v.open_conflicts:>8}")
                if v.blocked_reason:
                    lines.append(f"      停止原因：{v.blocked_reason}")
            return "\n".join(lines)
        if args.node_command == "block":
            view = nodes.revoke_node(db, actor, args.code, args.reason)
            return (f"分支节点 {view.code} {view.name} 已停止同步：其凭据已作废，该电脑的同步请求将被拒绝。\n"
                    f"恢复：main.py sync-node code {view.code}，再在分支电脑上用新注册码重新注册")
        if args.node_command == "add":
            view, code = nodes.register_node(db, actor, args.code, args.name)
        else:
            view, code = nodes.issue_code(db, actor, args.code)
        return (f"分支节点 {view.code} {view.name}\n注册码（一次有效，{nodes.ENROLMENT_DAYS} 天内使用，只显示这一次）：{code}\n"
                f"在分支电脑上运行：main.py --db-url sqlite:///分支数据库.db enrol 中心地址 {code}")

    return _catalogue_command(args, run)


def _branch_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.services.setup import open_database
    from app.sync.client import prepare_branch

    db = open_database(_settings(args))
    prepare_branch(db)
    return db


def _carry_lines(report) -> list[str]:  # type: ignore[no-untyped-def]
    return ([f"转交旧操作：中心入账 {report.carried} 组（收费 {report.payments} 笔，合计 ¥{report.payment_fen / 100:,.2f}），"
             f"中心已有 {report.present} 组，拒收 {report.refused} 组，暂存 {report.held} 组"]
            + [f"  {m}" for m in report.messages])


def cmd_reenrol(args: argparse.Namespace, db) -> int:  # type: ignore[no-untyped-def]
    """``enrol`` on a database enrolled before (a PC the centre refused, docs/sync.md#recovery):
    the unsent work to a safety copy, a new incarnation in a new database file at the same path
    (the old one kept beside it), the old work carried to the centre."""
    from app.domain.errors import DomainError
    from app.sync.recovery import SwapFailed, reenrol

    settings = _settings(args)
    try:
        outcome = reenrol(db, args.url, args.code, ca_file=settings.sync_ca_file,
                          allow_http=settings.sync_allow_http or args.allow_http,
                          progress=lambda text: print(text, flush=True))
    except SwapFailed as exc:  # enrolled, but the files could not be swapped: the message says what to do
        print(f"重新注册未完成：{exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"重新注册未完成，本机数据库未改动：{exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"已重新注册为分支节点 {outcome.node_code}：载入中心数据 {outcome.rows} 行")
    print(f"新数据库：{outcome.database}（原路径，设置无需修改）")
    print(f"原数据库已保留为：{outcome.old_database}")
    if outcome.copy is not None:
        print(f"未发送的 {outcome.envelopes} 组操作的安全副本：{outcome.copy}")
    elif not outcome.inherited:
        print("原数据库没有未发送的操作")
    for inherited in outcome.inherited:
        print(f"上次重新注册尚未转交完的安全副本，一并转交：{inherited}")
    if outcome.late_copy is not None:
        print(f"重新注册期间写入原数据库的操作的安全副本：{outcome.late_copy}")
    for line in _carry_lines(outcome.report):
        print(line)
    if outcome.error or outcome.report.held:
        print(f"转交尚未完成{('：' + outcome.error) if outcome.error else ''}；下次同步（main.py sync 或程序的后台同步）"
              "会继续转交", file=sys.stderr)
        return 1
    if outcome.report.refused:
        print(f"中心拒收 {outcome.report.refused} 组转交的操作（原因见上）：安全副本保留，每次同步重新转交；"
              "请联系中心管理员", file=sys.stderr)
        return 3
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    from app.domain.errors import DomainError
    from app.sync.client import enrol, is_branch

    db = _branch_db(args)
    if is_branch(db):  # enrolled before: re-enrol, carrying the unsent work (docs/sync.md#recovery)
        return cmd_reenrol(args, db)
    try:
        settings = _settings(args)
        outcome = enrol(args.url, args.code, db, ca_file=settings.sync_ca_file,
                        allow_http=settings.sync_allow_http or args.allow_http)
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"已注册为分支节点 {outcome.node_code}：载入中心数据 {outcome.rows} 行；此后用 main.py sync 同步")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from app.domain.errors import DomainError
    from app.sync.client import sync_round

    db = _branch_db(args)
    try:
        report = sync_round(db, progress=(lambda text: print(text, flush=True)) if args.verbose else None,
                            ca_file=_settings(args).sync_ca_file,
                            allow_http=_settings(args).sync_allow_http or args.allow_http)
    except DomainError as exc:
        print(f"同步失败：{exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"发送 {report.sent} 组（成功 {report.applied}，重复 {report.duplicate}，冲突 {report.conflicts}，"
          f"拒收 {report.refused}）")
    print(f"暂存 {report.held} 组（等待前序操作）")
    print(f"接收 {report.received} 条变更" + ("（已重新加载中心数据）" if report.reloaded else ""))
    if report.carry is not None:
        for line in _carry_lines(report.carry):
            print(line)
    print(f"待处理冲突 {report.open_conflicts} 条；待发送 {report.pending} 条操作")
    for message in report.messages:
        print(f"拒收：{message}")
    if abs(report.clock_skew_seconds) > 300:
        print(f"注意：本机时钟与中心相差约 {abs(report.clock_skew_seconds) // 60} 分钟，请校准时间")
    if report.refused:  # the round went through, but work was refused: a script must notice
        print(f"中心拒收 {report.refused} 组操作，请联系中心管理员", file=sys.stderr)
        return 3
    if report.carry is not None and report.carry.refused:  # kept and carried again next round
        print(f"中心拒收 {report.carry.refused} 组转交的操作：安全副本保留，每次同步重新转交；请联系中心管理员",
              file=sys.stderr)
        return 3
    return 0


def cmd_sync_status(args: argparse.Namespace) -> int:
    from app.domain.errors import DomainError
    from app.sync.carry import carry_state
    from app.sync.client import branch_status

    db = _branch_db(args)
    try:
        status = branch_status(db)
        carrying = carry_state(db)
    except DomainError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"分支节点 {status.node_code}，中心 {status.server_url}")
    print(f"待发送操作 {status.pending} 条（已确认到第 {status.pushed_seq} 条）")
    print("上次同步 " + (_local_time(status.last_sync_at) if status.last_sync_at else "从未"))
    print(f"接收位置 {status.watermark}")
    print(f"待处理冲突 {status.open_conflicts} 条")
    print("上次错误 " + (status.error_text or "无"))
    if carrying.copies:
        print(f"待转交中心的安全副本 {len(carrying.copies)} 个：{'、'.join(carrying.copies)}"
              + (f"（上次转交：拒收 {carrying.refused} 组，暂存 {carrying.held} 组；每次同步重新转交）"
                 if carrying.refused or carrying.held else "（下次同步转交）"))
    if status.refused:
        print("中心已停止本节点同步：请联系中心管理员（重新发码后用 main.py enrol 重新注册）")
    if status.clock_warning:
        print(f"注意：本机时钟与中心相差约 {abs(status.clock_skew_seconds) // 60} 分钟")
    return 0


def _stdout_is_tty() -> bool:
    """False when there is no console: the windowed Windows executable has ``sys.stdout`` None."""
    return sys.stdout is not None and sys.stdout.isatty()


def _backup_progress() -> Callable[[float], None] | None:
    if not _stdout_is_tty():
        return None
    shown = [-1]

    def show(fraction: float) -> None:
        percent = int(fraction * 100)
        if percent // 5 != shown[0]:
            shown[0] = percent // 5
            print(f"\r复制中 {percent}%", end="", flush=True)

    return show


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.backup import BackupError, BackupNotPossible, backup_database

    settings = _settings(args)
    if settings.mode == "shared":  # never opened, never dumped: the server's administrator backs it up
        from app.services.backup import postgres_backup_advice

        print(postgres_backup_advice(settings.resolved_db_url), file=sys.stderr)
        return 2
    if args.keep is not None and args.keep < 1:
        print("--keep 应为正整数", file=sys.stderr)
        return 2
    # Not open_database: a backup copies the file as it is — it never creates, migrates or
    # upgrades the database it backs up (an older one is backed up at its own schema revision).
    progress = _backup_progress()
    try:
        result = backup_database(settings.resolved_db_url, args.dir, settings=settings, keep=args.keep,
                                 progress=progress)
    except BackupNotPossible as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except BackupError as exc:
        print(("\n" if progress else "") + f"备份失败：{exc}", file=sys.stderr)
        return 1
    if progress:
        print()
    print(result.summary())
    print(f"复制 {result.copy_seconds:.1f} 秒，核验（完整性检查 + 操作日志）{result.verify_seconds:.1f} 秒")
    for old in result.removed:
        print(f"已删除超出保留份数（{args.keep or settings.backup_keep}）的旧备份：{old.name}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from app.services.backup import BackupError, restore_backup

    settings = _settings(args)
    # The live database is never opened through open_database here (that would create a missing
    # one, migrate an older one, fail on a damaged one): the comparison reads its file, read-only.
    live_path: Path | None = None
    url = make_url(settings.resolved_db_url)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        live_path = Path(url.database).expanduser().resolve()
    else:
        print("（当前数据库不是 SQLite 数据库文件，不做比对）", file=sys.stderr)
    if args.target:
        target = Path(args.target)
    else:
        folder = live_path.parent if live_path is not None else Path(args.file).resolve().parent
        stem = live_path.stem if live_path is not None else "gridcounter"
        target = folder / f"{stem}.restored-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
    try:
        result = restore_backup(args.file, target, live=live_path, progress=_backup_progress())
    except BackupError as exc:
        print(f"恢复失败，未做任何改动：{exc}", file=sys.stderr)
        return 1
    c = result.contents
    print(f"\n已核验并恢复到新的数据库文件：{result.path}")
    if result.migrated_from:
        print(f"备份的数据库结构版本为 {result.migrated_from}，已在新文件中升级到当前版本")
    print(f"备份中的最后一条操作：{c.head_text()}")
    print(f"备份中的收费记录 {c.payments} 笔，合计 ¥{c.payment_fen / 100:,.2f}")
    for line in result.comparison_lines():
        print(line)
    use = f"sqlite:///{result.path}（或用 --db-url 启动）"
    if result.live_exists:
        print(f"原数据库未改动：{result.live_path}。要改用恢复的数据库，把设置 db_url 改为 {use}")
    else:
        print(f"要使用恢复的数据库，把设置 db_url 改为 {use}")
    if result.branch:
        print("本机是分支节点：恢复的数据库在重新注册之前不会同步（以免以旧身份向中心发送）。请向中心索取注册码，"
              f"然后运行：main.py --db-url sqlite:///{result.path} enrol 中心地址 注册码（未发送的操作会一并转交）")
    return 0


def _print_upgrade(notice) -> None:  # type: ignore[no-untyped-def]
    print(notice.message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from app.config import SettingsError

    args = _parser().parse_args(argv)
    if args.show_version:
        from app.version import version_text

        print(version_text())
        return 0
    _setup_logging(args.verbose)
    command = args.command or "gui"
    from app.version import DatabaseTooNew, SharedUpgradeNeedsBackup, upgrade_listeners

    if _print_upgrade not in upgrade_listeners:  # said on the console, whatever the command
        upgrade_listeners.append(_print_upgrade)
    try:
        if command == "gui":
            problem = qt_platform_problem()
            if problem is not None:  # Qt would abort with a trace the clerk cannot act on
                logging.getLogger(__name__).error("the Qt xcb platform cannot load: %s is missing", XCB_CURSOR)
                print(problem, file=sys.stderr)
                return 1
            from ui.app import run

            return run(_settings(args))
        return {"init-db": cmd_init_db, "seed-demo": cmd_seed_demo, "verify-log": cmd_verify_log, "audit": cmd_verify_log,
                "record-anchor": cmd_record_anchor,
                "selftest": cmd_selftest, "print-samples": cmd_print_samples,
                "store-db-password": cmd_store_db_password, "catalogue-export": cmd_catalogue_export,
                "catalogue-import": cmd_catalogue_import, "report": cmd_report,
                "export-dashboard": cmd_export_dashboard, "sync-server": cmd_sync_server,
                "sync-node": cmd_sync_node, "enrol": cmd_enrol, "sync": cmd_sync,
                "sync-status": cmd_sync_status, "backup": cmd_backup, "restore": cmd_restore}[command](args)
    except (DatabaseTooNew, SharedUpgradeNeedsBackup) as exc:  # said before anything was changed
        print(str(exc), file=sys.stderr)
        return 2
    except SettingsError as exc:
        # Before any window exists: the person who edited settings.toml reads the console.
        print(f"设置有误：{exc}", file=sys.stderr)
        return 2
    except (ArgumentError, NoSuchModuleError) as exc:
        print(f"数据库地址无效：{exc}（示例：sqlite:///路径/gridcounter.db 或 "
              "postgresql+psycopg://用户:密码@服务器/gridcounter）", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
