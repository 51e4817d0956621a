"""First start (首次启动): open and migrate the database, create the node and the administrator."""

from __future__ import annotations

import logging
import re
import unicodedata
import weakref
from dataclasses import dataclass

from sqlalchemy import inspect, select

from app.config import Settings, tighten_default_database
from app.domain.codes import OpType, Role, SessionPurpose
from app.domain.errors import (
    DatabaseBusy,
    DomainError,
    NotFound,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    term,
)
from app.domain.text import clean_text
from app.dto.common import NodeInfo
from app.secrets import with_stored_password
from app.services import application_catalogue, search, tariffs
from app.services.auth import hash_password, open_session, password_problem
from app.version import (
    DatabaseTooNew,
    SharedUpgradeNeedsBackup,
    UpgradeNotice,
    app_version,
    known_revisions,
    upgrade_listeners,
)
from app.write_path import oplog
from db.engine import Database
from db.migrate import MigrationNotAllowed, current_revision, head_revision, upgrade_to_head
from db.models import AppMeta, Node, User
from db.roles import ensure_app_role, ensure_owner

LOCAL_NODE_KEY = "local_node_code"
log = logging.getLogger(__name__)


# ---- upgrades (docs/backup.md#upgrades) ---------------------------------------------------------


_NOTICES: weakref.WeakKeyDictionary[Database, UpgradeNotice] = weakref.WeakKeyDictionary()


def upgrade_notice(db: Database) -> UpgradeNotice | None:
    """The upgrade :func:`open_database` did on ``db`` (the GUI shows it once), or None."""
    return _NOTICES.get(db)


def _before_upgrade(db: Database, settings: Settings, backup_taken: bool = False) -> UpgradeNotice | None:
    """Refuse a database a newer program wrote; back up one this program is about to migrate
    (SQLite), or refuse to migrate a shared one whose backup was not confirmed (PostgreSQL)."""

    current, head = current_revision(db.engine), head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            "该数据库已被更新版本的 GridCounter 升级（数据库结构版本 {current}），本程序（GridCounter {version}，"
            "结构版本 {head}）不能使用它。数据库未做任何改动：请安装最新版本的程序后再打开。",
            current=current, version=app_version(), head=head)
    if not db.is_sqlite:
        if current is None and not inspect(db.engine).get_table_names():
            return None  # a new, empty database: nothing to lose, created here
        if not backup_taken:
            # Before anything is changed (the owner role, the schema): the administrator backs the
            # shared database up on the server and upgrades it there, never a counter PC at start.
            from app.services.backup import postgres_upgrade_advice

            raise SharedUpgradeNeedsBackup("{advice}", advice=postgres_upgrade_advice(db.url, current, head))
        log.info("shared database: the upgrade %s -> %s with its backup confirmed (--backup-taken)", current, head)
        return UpgradeNotice(current or "—", head, app_version(), backup_confirmed=True)
    if current is None:
        return None  # a new database file: nothing to back up
    from app.services.backup import BackupError, backup_database, sqlite_path

    tag = f"before-{head}"
    try:
        done = backup_database(db, settings=settings, tag=tag, audit=False)
    except BackupError as exc:  # the backup folder is missing (a USB stick): beside the database then
        log.warning("pre-upgrade backup not written to the backup folder: %s", exc)
        beside = sqlite_path(db).parent / "backups"
        try:
            done = backup_database(db, beside, settings=settings, tag=tag, audit=False, create=True)
        except DomainError as again:
            raise RuleViolation("数据库需要升级（结构版本 {current} → {head}），但升级前的备份失败，未做升级：{reason}",
                                current=current, head=head, reason=again.message) from None
    log.info("database backed up before the upgrade %s -> %s: %s", current, head, done.path)
    return UpgradeNotice(current, head, app_version(), backup=done.path)


def open_database(settings: Settings, owner_role: str | None = None, owner_password: str | None = None,
                  *, upgrade_backup: bool = True, backup_taken: bool = False) -> Database:
    """Create the engine and bring the schema to head (Alembic is the only schema path).

    A database a newer program upgraded is refused (:class:`DatabaseTooNew`) before anything is
    changed; an older SQLite database is backed up (verified) before it is migrated
    (``upgrade_backup``), and :func:`upgrade_notice` then says so (docs/backup.md#upgrades).
    A shared (PostgreSQL) database with an older schema is migrated only when its administrator
    says the server-side backup is taken (``backup_taken``: ``init-db --backup-taken``); otherwise
    :class:`SharedUpgradeNeedsBackup` says what to run, before anything is changed. An empty one
    (no tables) is created without it.

    ``owner_role`` (``init-db`` in shared mode): create that owner role if missing, hand it the
    database, and migrate as it. A counter logged in with the counters' role cannot migrate: when
    the schema is behind, it stops with a message saying who must upgrade (docs/security.md)."""
    if not settings.db_url:
        tighten_default_database()  # this user's eyes only (issue 7 #13)
    db = Database(with_stored_password(settings.resolved_db_url), echo=settings.echo_sql,
                  busy_timeout=settings.db_busy_timeout_seconds, busy_error=DatabaseBusy)
    notice = None
    try:
        notice = _before_upgrade(db, settings, backup_taken) if upgrade_backup else None
        if owner_role:
            ensure_owner(db.engine, owner_role, owner_password)
        upgrade_to_head(db.engine, role=owner_role)
        search.rebuild_pending_keys(db)  # derived keys a migration asked to rebuild (0003_search)
    except MigrationNotAllowed as exc:
        db.dispose()
        raise RuleViolation(
            "数据库结构版本（{current}）落后于本程序所需的版本（{head}）。本机登录数据库的账号 {role} "
            "是柜台账号，无权升级数据库结构：请数据库管理员用所有者账号运行 init-db 升级后再启动本程序。",
            current=exc.current or "—", head=exc.head, role=exc.role) from None
    except BaseException:
        db.dispose()
        raise
    if notice is not None:
        _NOTICES[db] = notice
        for listener in list(upgrade_listeners):
            listener(notice)
    return db


def grant_app_role(db: Database, app_role: str, app_password: str | None = None,
                   owner_role: str | None = None) -> list[str]:
    """Shared mode: create the counters' role if missing and grant it what the counters need —
    no UPDATE or DELETE on the journal tables, nothing to migrate with. Returns the roles created."""
    return ensure_app_role(db.engine, app_role, app_password, owner_role)


def is_initialized(db: Database) -> bool:
    with db.read() as session:
        return session.get(AppMeta, LOCAL_NODE_KEY) is not None


@dataclass(frozen=True)
class SetupInput:
    node_code: str
    node_name: str
    company: str
    admin_username: str
    admin_display_name: str
    admin_password: str
    admin_password_again: str


def initialize(db: Database, data: SetupInput) -> NodeInfo:
    errors: list[ValidationError] = []
    # Full-width digits from a Chinese IME fold to ASCII; any other digit (\d would accept
    # ٣٣٠١) is refused, because the code prefixes every account number.
    code = unicodedata.normalize("NFKC", data.node_code).strip()
    if not re.fullmatch(r"[0-9]{4}", code):
        errors.append(ValidationError("node_code", "节点编码为4位数字（户号前缀），如3301"))
    fields = {}
    for field, label, value, max_len in (
        ("node_name", term("营业厅名称"), data.node_name, 60),
        ("company", term("供电公司"), data.company, 60),
        ("admin_display_name", term("管理员姓名"), data.admin_display_name, 30),
    ):
        try:
            fields[field] = clean_text(value, field, label, max_len=max_len)
        except ValidationError as exc:
            errors.append(exc)
    username = data.admin_username.strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_.]{1,31}", username):
        errors.append(ValidationError("admin_username", "用户名为2-32位小写字母、数字、下划线或点，以字母开头"))
    problem = password_problem(data.admin_password)
    if problem:
        errors.append(ValidationError("admin_password", problem))
    elif data.admin_password != data.admin_password_again:
        errors.append(ValidationError("admin_password_again", "两次输入的密码不一致"))
    if errors:
        raise ValidationErrors(errors)
    with db.write() as session:
        if session.get(AppMeta, LOCAL_NODE_KEY) is not None:
            raise ValidationErrors([ValidationError("node_code", "数据库已初始化")])
        node = Node(code=code, name=fields["node_name"], company=fields["company"], op_seq=0,
                    op_last_hash="", account_seq=0)
        session.add(node)
        session.flush()
        admin = User(username=username, display_name=fields["admin_display_name"], employee_no="0001",
                     role=Role.ADMIN, password_hash=hash_password(data.admin_password), node_id=node.id,
                     failed_attempts=0, active=True)
        session.add(admin)
        session.add(AppMeta(key=LOCAL_NODE_KEY, value=code))
        session.flush()
        actor = open_session(session, admin, node, SessionPurpose.SERVICE)
        oplog.append(session, actor, OpType.INITIALIZE_NODE,
                     {"code": code, "name": node.name, "company": node.company}, "node", node.id)
        oplog.append(session, actor, OpType.CREATE_USER, {"username": username, "display_name": admin.display_name,
                     "employee_no": "0001", "role": Role.ADMIN, "active": True}, "user", admin.id)
        info = NodeInfo(node.id, node.code, node.name, node.company)
    # The shipped tariff catalogue, in its own unit of work (op LoadTariffCatalogue).
    tariffs.ensure_default_catalogue(db, actor)
    # The shipped business-type catalogue as version 1 (op ImportApplicationCatalogue).
    application_catalogue.ensure_loaded(db, actor)
    return info


def ensure_reference_data(db: Database) -> list[str]:
    """``init-db`` on a database set up before: what a newer release ships as data and the
    database lacks (the business-type catalogue's first version); returns what it loaded."""
    if not is_initialized(db):
        return []
    return ["已载入随程序提供的业务类型目录（第 1 版）"] if application_catalogue.ensure_loaded(db) else []


def local_node(db: Database, node_code: str = "") -> NodeInfo:
    """The node this PC writes as: the configured code, else the database's own node."""
    with db.read() as session:
        code = node_code or (session.get(AppMeta, LOCAL_NODE_KEY).value  # type: ignore[union-attr]
                             if session.get(AppMeta, LOCAL_NODE_KEY) else "")
        node = session.scalar(select(Node).where(Node.code == code))
        if node is None:
            raise NotFound("节点{code}不存在，请先完成初始化", code=code or term("(未设置)"))
        return NodeInfo(node.id, node.code, node.name, node.company)
