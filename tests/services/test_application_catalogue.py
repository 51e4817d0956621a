"""The business-type catalogue as versions in the database (docs/rules.md#business-type-catalogue),
on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.domain.codes import OpType
from app.domain.errors import ConcurrentEdit, NotFound, PermissionDenied, ValidationErrors
from app.dto.applications import ApplicationFilter
from app.services import application_catalogue as catalogue
from app.services import application_reads as reads
from app.services import applications as svc
from app.services import customers
from app.services.setup import SetupInput, initialize, open_database
from db.engine import Database
from db.models import ApplicationCatalogueRow, Operation, UserSession


def _ops(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [
            json.loads(p)
            for p in s.scalars(
                select(Operation.payload)
                .where(Operation.op_type == OpType.IMPORT_APPLICATION_CATALOGUE)
                .order_by(Operation.seq)
            )
        ]


def changed(base: str, version: int, **types: dict[str, object]) -> str:
    """``base`` with ``version`` and the named types' keys replaced (``None``: the type removed)."""
    data = json.loads(base)
    data["version"] = version
    kept = []
    for t in data["types"]:
        change = types.get(t["code"], {})
        if change is None:
            continue
        t.update(change)
        kept.append(t)
    data["types"] = kept
    return json.dumps(data, ensure_ascii=False, indent=2)


def _accept(db, clerk, cid, type_code="meter_test"):  # type: ignore[no-untyped-def]
    btype = svc.catalogue_in_force(db).get(type_code)
    return svc.accept_application(
        db, clerk, svc.AcceptApplication(type_code, cid, {"description": "表计走字偏快"}, btype.documents)
    )


@pytest.fixture
def cid(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    return customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form())).id


@pytest.fixture
def cid2(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    form = customer_form(name="李四", supply_address="浙江省杭州市西湖区文二路8号")
    return customers.register_customer(db, clerk, customers.RegisterCustomer(form)).id


def test_a_new_database_holds_the_shipped_file_as_version_1(db, admin):  # type: ignore[no-untyped-def]
    (row,) = catalogue.list_versions(db, admin)
    text = catalogue.shipped_text()
    assert (row.version, row.loaded_by, row.in_force) == (1, "admin", True)
    assert row.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert row.type_count == len(svc.shipped_catalogue().types) == 18
    assert catalogue.export_version(db, admin, 1) == text
    (op,) = _ops(db)  # replayable: the content itself, its hash and number
    assert (op["version"], op["sha256"], op["content"], op["source"]) == (1, row.sha256, text, "shipped")
    assert svc.catalogue_in_force(db).version == 1


def test_an_older_database_gets_version_1_on_first_use(sqlite_url, monkeypatch):  # type: ignore[no-untyped-def]
    db = open_database(Settings(db_url=sqlite_url))
    try:
        with monkeypatch.context() as m:  # a database set up before the catalogue was stored
            m.setattr(catalogue, "ensure_loaded", lambda db, actor=None: False)
            initialize(
                db,
                SetupInput(
                    "3301", "城东营业厅", "国网杭州供电公司", "admin", "系统管理员", "Admin2026", "Admin2026"
                ),
            )
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(ApplicationCatalogueRow)) == 0
            sessions = s.scalar(select(func.count()).select_from(UserSession))
            still_open = s.scalar(
                select(func.count()).select_from(UserSession).where(UserSession.ended_at.is_(None))
            )
        # reads work before anything is stored: version 1 is the shipped file
        assert catalogue.version(db, 1) is svc.shipped_catalogue()
        assert svc.catalogue_in_force(db).version == 1  # ...and the first use stores it
        with db.read() as s:
            row = s.get(ApplicationCatalogueRow, 1)
            assert row is not None and row.loaded_by == "admin"
            # signed through a service session of its own, ended again
            assert s.scalar(select(func.count()).select_from(UserSession)) == sessions + 1
            assert (
                s.scalar(select(func.count()).select_from(UserSession).where(UserSession.ended_at.is_(None)))
                == still_open
            )
        assert len(_ops(db)) == 1
        assert catalogue.ensure_loaded(db) is False  # once
    finally:
        db.dispose()


def test_a_new_version_is_in_force_and_old_applications_keep_theirs(db, admin, clerk, cid, cid2):  # type: ignore[no-untyped-def]
    old = _accept(db, clerk, cid)
    assert svc.promise_for(db, clerk, "meter_test").limit_days == 5
    base = catalogue.export_version(db, admin)
    text = changed(base, 2, meter_test={"name": "计量装置检定", "limit_days": 8})
    done = catalogue.import_version(db, admin, text, "校验时限延长到8个工作日")
    assert (done.version, done.previous, done.type_count) == (2, 1, 18)
    rows = catalogue.list_versions(db, admin)
    assert [(r.version, r.in_force, r.note) for r in rows] == [
        (2, True, "校验时限延长到8个工作日"),
        (1, False, catalogue.SHIPPED_NOTE),
    ]
    assert svc.promise_for(db, clerk, "meter_test").limit_days == 8
    new = _accept(db, clerk, cid2)
    old_detail, new_detail = (
        reads.get_application(db, clerk, old.id),
        reads.get_application(db, clerk, new.id),
    )
    assert (old_detail.catalogue_version, old_detail.limit_days, old_detail.row.type_name) == (
        1,
        5,
        "计量装置校验",
    )
    assert (new_detail.catalogue_version, new_detail.limit_days, new_detail.row.type_name) == (
        2,
        8,
        "计量装置检定",
    )
    page = reads.list_applications(db, clerk, ApplicationFilter(type_code="meter_test"))
    assert {r.type_name for r in page.rows} == {"计量装置校验", "计量装置检定"}
    # the old one moves on under its own version's stages
    version = svc.advance_application(db, clerk, svc.ApplicationCommand(old.id, old.version, "已校验"))
    assert reads.get_application(db, clerk, old.id).row.stage == "meter_test"
    assert version == old.version + 1
    op = _ops(db)[-1]
    assert (op["version"], op["content"], op["note"], op["source"]) == (
        2,
        text,
        "校验时限延长到8个工作日",
        "import",
    )
    assert op["sha256"] == done.sha256 == hashlib.sha256(op["content"].encode()).hexdigest()
    assert catalogue.export_version(db, admin, 2) == text
    assert catalogue.export_version(db, admin) == text


def test_another_counter_sees_a_new_version_at_once(db, admin, clerk, settings):  # type: ignore[no-untyped-def]
    other = Database(db.url)
    try:
        assert svc.catalogue_in_force(other).version == 1
        base = catalogue.export_version(db, admin)
        catalogue.import_version(db, admin, changed(base, 3, res_new={"limit_days": 7}), "居民新装7天")
        assert svc.catalogue_in_force(other).version == 3
        assert svc.promise_for(other, clerk, "res_new").limit_days == 7
        assert svc.catalogue_in_force(other, 1).get("res_new").limit_days() == 5
    finally:
        other.dispose()


def test_versions_are_parsed_once(db, admin, monkeypatch):  # type: ignore[no-untyped-def]
    assert svc.catalogue_in_force(db, 1).version == 1  # parsed here if this process had not yet
    calls = []
    real = catalogue.parse_catalogue
    monkeypatch.setattr(catalogue, "parse_catalogue", lambda data: calls.append(1) or real(data))
    base = catalogue.export_version(db, admin)
    catalogue.import_version(db, admin, changed(base, 2, rename={"limit_days": 6}), "更名6天")
    assert len(calls) == 1  # the import's own parse is the cached one
    for _ in range(5):
        assert svc.catalogue_in_force(db).version == 2
        assert svc.catalogue_in_force(db, 1).version == 1
    assert len(calls) == 1


def _errors(exc: pytest.ExceptionInfo[ValidationErrors]) -> dict[str, str]:
    return {k: str(v) for k, v in exc.value.by_field().items()}


def test_a_bad_file_is_refused_with_its_json_path(db, admin):  # type: ignore[no-untyped-def]
    base = catalogue.export_version(db, admin)
    with pytest.raises(ValidationErrors) as exc:
        catalogue.import_version(db, admin, changed(base, 2, pause={"limit_days": 400}), "暂停")
    assert _errors(exc) == {"types[5].limit_days": "types[5].limit_days：工作日数应在 0 到 365 之间"}
    with pytest.raises(ValidationErrors) as exc:
        catalogue.import_version(db, admin, changed(base, 2, rename={"kinds": ["nobody"]}), "x")
    assert _errors(exc) == {"types[9].kinds": "types[9].kinds：未知的代码（'nobody'）"}
    with pytest.raises(ValidationErrors) as exc:
        catalogue.import_version(db, admin, '{"format": "gridcounter.applications/1",\n "version": }', "")
    assert _errors(exc) == {"note": "请填写版本说明", "content": "不是有效的 JSON：第2行第13列附近有误"}
    with pytest.raises(ValidationErrors) as exc:  # the version must go up
        catalogue.import_version(db, admin, base, "同一版本")
    assert _errors(exc) == {"version": "version：版本号（1）应大于当前最新版本（1）"}
    with pytest.raises(ValidationErrors) as exc:
        catalogue.import_version(db, admin, changed(base, 2), "长" * 201)
    assert _errors(exc) == {"note": "版本说明不能超过200个字"}
    assert [r.version for r in catalogue.list_versions(db, admin)] == [1]
    assert len(_ops(db)) == 1


def test_a_type_with_open_applications_cannot_be_removed(db, admin, clerk, supervisor, cid):  # type: ignore[no-untyped-def]
    base = catalogue.export_version(db, admin)
    accepted = _accept(db, clerk, cid)
    with pytest.raises(ValidationErrors) as exc:
        catalogue.import_version(db, admin, changed(base, 2, meter_test=None), "取消校验")
    assert _errors(exc) == {
        "types": "types：新版本删去了仍有在办申请的业务类型：计量装置校验（1件）。请待这些申请办结或撤销后再删去"
    }
    svc.cancel_application(db, supervisor, svc.ApplicationCommand(accepted.id, accepted.version, "客户撤回"))
    done = catalogue.import_version(db, admin, changed(base, 2, meter_test=None), "取消校验")
    assert done.type_count == 17
    # the cancelled one still reads (its own version knows the type); a new one of it cannot start
    assert reads.get_application(db, clerk, accepted.id).row.type_name == "计量装置校验"
    with pytest.raises(NotFound):
        svc.promise_for(db, clerk, "meter_test")


def test_only_administrators_manage_the_catalogue(db, admin, clerk, supervisor):  # type: ignore[no-untyped-def]
    base = catalogue.export_version(db, admin)
    for actor in (clerk, supervisor):
        with pytest.raises(PermissionDenied):
            catalogue.import_version(db, actor, changed(base, 2), "x")
        with pytest.raises(PermissionDenied):
            catalogue.export_version(db, actor)
        with pytest.raises(PermissionDenied):
            catalogue.list_versions(db, actor)
    with pytest.raises(NotFound):
        catalogue.export_version(db, admin, 9)


def test_two_administrators_importing_the_same_number(db, admin, monkeypatch):  # type: ignore[no-untyped-def]
    """PostgreSQL: both saw version 1 as the newest; the second insert of version 2 is refused
    with a message, and nothing of it is stored (SQLite serialises the writes: no race)."""
    if db.is_sqlite:
        pytest.skip("SQLite writes one at a time (BEGIN IMMEDIATE)")
    base = catalogue.export_version(db, admin)
    theirs = changed(base, 2, rename={"limit_days": 6})
    real = catalogue._store

    def racing(session, *args, **kwargs):  # type: ignore[no-untyped-def]
        other = Database(db.url)
        try:
            with other.write() as s:  # the other administrator commits first
                s.add(
                    ApplicationCatalogueRow(
                        version=2, content=theirs, sha256="0" * 64, loaded_by="admin2", note="他"
                    )
                )
        finally:
            other.dispose()
        return real(session, *args, **kwargs)

    monkeypatch.setattr(catalogue, "_store", racing)
    with pytest.raises(ValidationErrors) as exc:
        catalogue.import_version(db, admin, changed(base, 2, rename={"limit_days": 7}), "我")
    assert _errors(exc) == {"version": "version：版本号（2）刚被他人导入，请重新导出最新版本后再修改"}
    monkeypatch.undo()
    assert [(r.version, r.note) for r in catalogue.list_versions(db, admin)] == [
        (2, "他"),
        (1, catalogue.SHIPPED_NOTE),
    ]
    assert len(_ops(db)) == 1  # ours left no record


def test_a_version_beyond_the_columns_range_is_refused_with_a_message(db, admin):  # type: ignore[no-untyped-def]
    """``version`` is stored in INTEGER columns: PostgreSQL refused 2**31 with a database error."""
    base = catalogue.export_version(db, admin)
    with pytest.raises(ValidationErrors) as exc:
        catalogue.import_version(db, admin, changed(base, 2**31), "大版本号")
    assert _errors(exc) == {"version": "version：版本号不能超过2147483647"}
    done = catalogue.import_version(db, admin, changed(base, 2**31 - 1), "最大版本号")
    assert done.version == 2**31 - 1
    assert [r.version for r in catalogue.list_versions(db, admin)] == [2**31 - 1, 1]


def test_an_import_while_an_application_is_being_accepted_is_not_missed(db, admin, clerk, cid, monkeypatch):  # type: ignore[no-untyped-def]
    """The clerk's form was checked against version 1; an administrator's version 2, which
    withdraws the type, is stored before the acceptance's transaction: the acceptance is refused
    (nothing saved) rather than leaving an open application of a withdrawn type."""
    base = catalogue.export_version(db, admin)
    real = catalogue.in_force

    def then_import(database):  # type: ignore[no-untyped-def]
        cat = real(database)
        monkeypatch.setattr(catalogue, "in_force", real)
        catalogue.import_version(db, admin, changed(base, 2, meter_test=None), "取消校验")
        return cat

    documents = svc.shipped_catalogue().get("meter_test").documents
    monkeypatch.setattr(catalogue, "in_force", then_import)
    with pytest.raises(ConcurrentEdit) as exc:
        svc.accept_application(
            db, clerk, svc.AcceptApplication("meter_test", cid, {"description": "表计走字偏快"}, documents)
        )
    assert "第2版" in str(exc.value)
    assert reads.list_applications(db, clerk, ApplicationFilter()).rows == ()


def test_on_postgresql_an_acceptance_waits_for_an_import_in_progress(db, admin, clerk, cid):  # type: ignore[no-untyped-def]
    """PostgreSQL: an import holds the versions' lock until it commits; an acceptance checks the
    version in force only after it, so it sees the new version (READ COMMITTED alone would let
    each miss the other's uncommitted row)."""
    if db.is_sqlite:
        pytest.skip("SQLite writes one at a time (BEGIN IMMEDIATE)")
    base = catalogue.export_version(db, admin)
    other = Database(db.url)
    result: list[object] = []
    try:
        with other.write() as s:  # an administrator's import, not yet committed
            catalogue.lock_versions(s, exclusive=True)
            worker = threading.Thread(target=lambda: result.append(_try_accept(db, clerk, cid)))
            worker.start()
            worker.join(1.0)
            assert worker.is_alive()  # waiting for the import
            text = changed(base, 2, meter_test=None)
            s.add(
                ApplicationCatalogueRow(
                    version=2,
                    content=text,
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    loaded_by="admin",
                    note="取消校验",
                )
            )
        worker.join(30)
    finally:
        other.dispose()
    assert len(result) == 1 and isinstance(result[0], ConcurrentEdit)
    assert reads.list_applications(db, clerk, ApplicationFilter()).rows == ()


def _try_accept(db, clerk, cid):  # type: ignore[no-untyped-def]
    try:
        return _accept(db, clerk, cid)
    except ConcurrentEdit as exc:
        return exc
