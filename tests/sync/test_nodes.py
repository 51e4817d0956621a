"""Branch registration, enrolment codes, enrolment and node authentication (docs/sync.md#enrolment),
on SQLite and PostgreSQL (the centre is PostgreSQL; the rules do not depend on the engine)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select, update

from app.domain.codes import OpType
from app.domain.errors import PermissionDenied, ValidationErrors
from app.sync import nodes
from db.models import Node, Operation, SyncConflict, SyncNode, utcnow


def _ops(db, op_type: str) -> list[Operation]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.scalars(select(Operation).where(Operation.op_type == op_type)))


def test_register_creates_a_pending_node_and_stores_only_the_code_hash(db, admin):
    view, code = nodes.register_node(db, admin, "3302", "西湖供电所")
    assert view.code == "3302" and view.status == "pending"
    canonical = nodes.normalise_code(code)
    assert len(canonical) == 20 and code.count("-") == 3  # ABCDE-FGHIJ-KLMNO-PQRST
    with db.read() as s:
        sync = s.get(SyncNode, view.node_id)
        assert sync is not None and sync.status == "pending"
        assert sync.enrol_code_hash == nodes.secret_hash(canonical)
        assert canonical not in sync.enrol_code_hash
        assert sync.enrol_expires_at is not None
        assert dt.timedelta(days=6, hours=23) < sync.enrol_expires_at - utcnow() <= dt.timedelta(days=7)
        assert s.scalar(select(Node.name).where(Node.code == "3302")) == "西湖供电所"
    [op] = _ops(db, OpType.REGISTER_SYNC_NODE)
    assert canonical not in op.payload and op.actor == "admin"


def test_only_an_administrator_registers_and_codes_are_validated(db, admin, clerk):
    with pytest.raises(PermissionDenied):
        nodes.register_node(db, clerk, "3302", "西湖供电所")
    with pytest.raises(ValidationErrors) as info:
        nodes.register_node(db, admin, "33", "")
    assert set(info.value.by_field()) == {"code", "name"}
    with pytest.raises(ValidationErrors):  # the centre's own node
        nodes.register_node(db, admin, "3301", "城东营业厅")
    nodes.register_node(db, admin, "3302", "西湖供电所")
    with pytest.raises(ValidationErrors):  # registered twice
        nodes.register_node(db, admin, "3302", "西湖供电所")


def test_enrol_trades_the_code_for_a_secret_once(db, admin):
    view, code = nodes.register_node(db, admin, "3302", "西湖供电所")
    incarnation = str(uuid.uuid4())
    typed = code.lower().replace("-", " ")  # as a person may type it
    result = nodes.enrol(db, typed, incarnation, dt.datetime.now(dt.UTC).isoformat())
    assert result.node_id == view.node_id and result.node_code == "3302"
    assert len(result.secret) >= 40 and result.op_seq == 0
    with db.read() as s:
        sync = s.get(SyncNode, view.node_id)
        assert sync is not None and sync.status == "active" and sync.incarnation == incarnation
        assert sync.secret_hash == nodes.secret_hash(result.secret) and sync.enrol_code_hash == ""
    with pytest.raises(nodes.SyncAuthError) as again:
        nodes.enrol(db, code, str(uuid.uuid4()))
    assert again.value.status == 403 and "注册码无效" in str(again.value)
    [op] = _ops(db, OpType.ENROL_NODE)
    assert result.secret not in op.payload


def test_an_expired_code_is_refused(db, admin):
    view, code = nodes.register_node(db, admin, "3302", "西湖供电所")
    with db.write() as s:
        s.execute(
            update(SyncNode)
            .where(SyncNode.node_id == view.node_id)
            .values(enrol_expires_at=utcnow() - dt.timedelta(minutes=1))
        )
    with pytest.raises(nodes.SyncAuthError) as info:
        nodes.enrol(db, code, str(uuid.uuid4()))
    assert "已过期" in str(info.value)


def test_authenticate_checks_secret_status_and_incarnation(db, admin):
    view, code = nodes.register_node(db, admin, "3302", "西湖供电所")
    with pytest.raises(nodes.SyncAuthError) as pending:  # registered, nobody enrolled
        nodes.authenticate(db, view.node_id, "x", str(uuid.uuid4()))
    assert pending.value.status == 401  # no secret yet: nothing can match
    incarnation = str(uuid.uuid4())
    secret = nodes.enrol(db, code, incarnation).secret
    info = nodes.authenticate(
        db, view.node_id, secret, incarnation, (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat()
    )
    assert info.node_code == "3302" and info.status == "active"
    assert 7190 <= info.clock_skew_seconds <= 7210  # the branch's clock two hours ahead
    for bad in (secret + "x", "", secret.upper()):
        with pytest.raises(nodes.SyncAuthError) as wrong:
            nodes.authenticate(db, view.node_id, bad, incarnation)
        assert wrong.value.status == 401 and secret not in str(wrong.value)
    with pytest.raises(nodes.SyncAuthError):
        nodes.authenticate(db, uuid.uuid4(), secret, incarnation)
    with pytest.raises(nodes.SyncAuthError):
        nodes.authenticate(db, "not-a-uuid", secret, incarnation)

    # a PC restored from an old backup (another incarnation): the node is blocked
    with pytest.raises(nodes.SyncAuthError) as restored:
        nodes.authenticate(db, view.node_id, secret, str(uuid.uuid4()))
    assert restored.value.status == 403 and "旧备份" in str(restored.value)
    with pytest.raises(nodes.SyncAuthError) as blocked:  # and stays blocked for the real one too
        nodes.authenticate(db, view.node_id, secret, incarnation)
    assert blocked.value.status == 403 and "停止同步" in str(blocked.value)
    [op] = _ops(db, OpType.BLOCK_SYNC_NODE)
    assert "旧备份" in op.payload
    assert nodes.block_node(db, view.node_id, "again") is False  # already blocked: nothing written
    assert len(_ops(db, OpType.BLOCK_SYNC_NODE)) == 1

    # re-enrolment: a new code (the old secret stops working), a new incarnation
    _, new_code = nodes.issue_code(db, admin, "3302")
    fresh = str(uuid.uuid4())
    again = nodes.enrol(db, new_code, fresh)
    assert nodes.authenticate(db, view.node_id, again.secret, fresh).status == "active"
    with pytest.raises(nodes.SyncAuthError):
        nodes.authenticate(db, view.node_id, secret, fresh)


def test_a_new_code_replaces_the_old_one(db, admin):
    _, first = nodes.register_node(db, admin, "3302", "西湖供电所")
    _, second = nodes.issue_code(db, admin, "3302")
    assert nodes.normalise_code(first) != nodes.normalise_code(second)
    with pytest.raises(nodes.SyncAuthError):
        nodes.enrol(db, first, str(uuid.uuid4()))
    assert nodes.enrol(db, second, str(uuid.uuid4())).node_code == "3302"
    assert len(_ops(db, OpType.ISSUE_ENROLMENT_CODE)) == 1


def test_list_nodes_shows_status_and_open_conflicts(db, admin):
    a, code_a = nodes.register_node(db, admin, "3303", "转塘供电所")
    b, _ = nodes.register_node(db, admin, "3302", "西湖供电所")
    nodes.enrol(db, code_a, str(uuid.uuid4()))
    with db.write() as s:
        for status in ("open", "open", "resolved"):
            s.add(
                SyncConflict(
                    node_id=a.node_id,
                    op_id=uuid.uuid4(),
                    kind="field",
                    tbl="customer",
                    row_key="{}",
                    detail="{}",
                    status=status,
                )
            )
    listed = nodes.list_nodes(db, admin)
    assert [(v.code, v.status, v.open_conflicts) for v in listed] == [
        ("3302", "pending", 0),
        ("3303", "active", 2),
    ]
    assert listed[1].enrolled_at is not None and listed[0].code_expires_at is not None
    assert b.node_id == listed[0].node_id
