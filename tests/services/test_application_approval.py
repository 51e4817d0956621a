"""A new holder's ID number that fails its check (过户): refused without a supervisor's approval,
accepted with one, as at registration (docs/rules.md#id-checks); on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.domain.applications import PreconditionsNotMet, ReasonCode
from app.domain.codes import OpType
from app.domain.errors import AuthenticationFailed, OverrideRequired, PermissionDenied, ValidationErrors
from app.services import applications as svc
from app.services import customers
from app.services.customers import SupervisorApproval
from db.models import Application, ApplicationStep, Customer, Operation
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD, valid_resident_id
from tests.services.test_applications import _complete
from tests.services.test_payments import add_bill

GOOD_ID = valid_resident_id(901)
#: well formed, but the check character is wrong: a supervisor may let it through
ODD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")


def _values(id_number: str = ODD_ID, **extra: str) -> dict[str, str]:
    return {
        "new_holder_name": "王五",
        "new_holder_id_type": "ric",
        "new_holder_id_number": id_number,
        **extra,
    }


def _transfer(db, clerk, cid, values, approval=None, remark=""):  # type: ignore[no-untyped-def]
    btype = svc.shipped_catalogue().get("transfer")
    cmd = svc.AcceptApplication("transfer", cid, values, btype.documents, approval=approval, remark=remark)
    return svc.accept_application(db, clerk, cmd)


def _register(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    return customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form(name="张三"))).id


def _counts(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Application)),
            s.scalar(select(func.count()).select_from(ApplicationStep)),
            s.scalar(
                select(func.count())
                .select_from(Operation)
                .where(Operation.op_type == OpType.ACCEPT_APPLICATION)
            ),
        )


def test_a_failing_id_without_approval_is_refused_and_nothing_is_saved(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form)
    before = _counts(db)
    with pytest.raises(OverrideRequired) as exc:
        _transfer(db, clerk, cid, _values())
    assert exc.value.field == "new_holder_id_number"
    assert "校验码" in exc.value.message and "值班长授权" in exc.value.message
    assert ODD_ID not in str(exc.value)  # never the number itself
    assert _counts(db) == before


def test_the_approval_is_offered_only_when_nothing_else_is_wrong(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form)
    add_bill(db, clerk, cid, 5000)
    with pytest.raises(PreconditionsNotMet) as pre:  # arrears first: the approval would not help yet
        _transfer(db, clerk, cid, _values())
    assert [r.code for r in pre.value.reasons] == [ReasonCode.ARREARS]
    with pytest.raises(ValidationErrors) as bad:  # with another bad field: one of the field errors
        svc.accept_application(
            db,
            clerk,
            svc.AcceptApplication(
                "tariff_change",
                cid,
                {"new_tariff": "NO-SUCH"},
                svc.shipped_catalogue().get("tariff_change").documents,
            ),
        )
    assert "new_tariff" in bad.value.by_field()


def test_a_supervisors_approval_lets_it_through_with_the_reason_logged(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form)
    approval = SupervisorApproval("super1", SUPERVISOR_PASSWORD, "已核对身份证原件，证号无误")
    accepted = _transfer(db, clerk, cid, _values(), approval, remark="窗口受理")
    with db.read() as s:
        app = s.get(Application, accepted.id)
        assert json.loads(app.values)["new_holder_id_number"] == ODD_ID
        step = s.scalars(select(ApplicationStep).where(ApplicationStep.application_id == accepted.id)).one()
        assert step.remark.startswith("窗口受理；")
        assert "super1" in step.remark and "已核对身份证原件，证号无误" in step.remark
        assert ODD_ID not in step.remark
        assert app.remark == "窗口受理"
        payload = json.loads(
            s.scalars(select(Operation.payload).where(Operation.op_type == OpType.ACCEPT_APPLICATION)).one()
        )
    assert payload["id_approval"] == {
        "fields": ["new_holder_id_number"],
        "approved_by": "super1",
        "reason": "已核对身份证原件，证号无误",
    }
    assert ODD_ID not in json.dumps(payload, ensure_ascii=False)


def test_a_passing_id_needs_no_approval_and_ignores_one_given(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form)
    wrong = SupervisorApproval("super1", "not-the-password", "随便写的原因")
    accepted = _transfer(db, clerk, cid, _values(GOOD_ID), wrong)  # nothing to approve: not checked
    with db.read() as s:
        payload = json.loads(
            s.scalars(select(Operation.payload).where(Operation.op_type == OpType.ACCEPT_APPLICATION)).one()
        )
        assert s.get(Application, accepted.id) is not None
    assert payload["id_approval"] is None


def test_a_wrong_password_refuses_it_and_nothing_is_saved(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form)
    before = _counts(db)
    with pytest.raises(AuthenticationFailed) as exc:
        _transfer(db, clerk, cid, _values(), SupervisorApproval("super1", "wrong-password", "已核对原件"))
    assert "授权人用户名或密码错误" in exc.value.message
    assert _counts(db) == before


def test_a_clerk_cannot_approve_and_a_short_reason_is_refused(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form)
    before = _counts(db)
    with pytest.raises(PermissionDenied):
        _transfer(db, clerk, cid, _values(), SupervisorApproval("clerk2", CLERK_PASSWORD, "已核对原件"))
    with pytest.raises(ValidationErrors) as short:
        _transfer(db, clerk, cid, _values(), SupervisorApproval("super1", SUPERVISOR_PASSWORD, "可以"))
    assert "override_reason" in short.value.by_field()
    assert _counts(db) == before


def test_completing_the_transfer_keeps_the_approval_on_the_customer_record(db, clerk, customer_form):
    """The new holder's number goes onto the record with who approved it and why, as a
    registration's override does; a later edit of the record does not ask for it again."""
    cid = _register(db, clerk, customer_form)
    approval = SupervisorApproval("super1", SUPERVISOR_PASSWORD, "已核对身份证原件，证号无误")
    accepted = _transfer(db, clerk, cid, _values(), approval)
    with db.read() as s:
        assert json.loads(s.get(Application, accepted.id).documents)["id_approval"]["approved_by"] == "super1"
    _complete(db, clerk, accepted)
    view = customers.get_customer(db, clerk, cid)
    assert view.name == "王五" and view.id_overridden
    with db.read() as s:
        row = s.get(Customer, cid)
        assert row.id_number == ODD_ID
        assert (row.id_override_reason, row.id_override_by) == ("已核对身份证原件，证号无误", "super1")


def test_completing_a_transfer_with_a_passing_id_clears_the_old_holders_override(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form)
    with db.write() as s:  # the old holder's number had been let through
        row = s.get(Customer, cid)
        row.id_override_reason, row.id_override_by = "旧户主证件例外", "super1"
    _complete(db, clerk, _transfer(db, clerk, cid, _values(GOOD_ID)))
    with db.read() as s:
        row = s.get(Customer, cid)
        assert (row.id_number, row.id_override_reason, row.id_override_by) == (GOOD_ID, None, None)


def test_a_long_remark_never_hides_the_approval_in_the_history(db, clerk, customer_form):
    """The first step's remark is cut to its column: the clerk's remark (kept whole on the
    application) gives way, the approval's who and why do not."""
    cid = _register(db, clerk, customer_form)
    approval = SupervisorApproval("super1", SUPERVISOR_PASSWORD, "已核对身份证原件，证号无误")
    accepted = _transfer(db, clerk, cid, _values(), approval, remark="长" * 200)
    with db.read() as s:
        step = s.scalars(select(ApplicationStep).where(ApplicationStep.application_id == accepted.id)).one()
        assert len(step.remark) <= 200 and step.remark.startswith("长")
        assert step.remark.endswith("经super1授权：已核对身份证原件，证号无误")
        assert s.get(Application, accepted.id).remark == "长" * 200


def test_two_failing_id_numbers_are_approved_together(db, admin, clerk, customer_form):
    """A catalogue version whose 过户 also asks for an agent's ID: both numbers failing their
    check is still only a missing approval (not field errors with no way to approve them), and
    one approval lets both through."""
    from app.services import application_catalogue

    data = json.loads(application_catalogue.export_version(db, admin))
    data["version"] = 2
    transfer = next(t for t in data["types"] if t["code"] == "transfer")
    id_type = next(f for f in transfer["fields"] if f["name"] == "new_holder_id_type")
    transfer["fields"] += [
        {**id_type, "name": "agent_id_type", "label": "代办人证件类型", "required": False},
        {
            "name": "agent_id_number",
            "label": "代办人证件号码",
            "kind": "id_number",
            "required": False,
            "id_type_field": "agent_id_type",
        },
    ]
    application_catalogue.import_version(db, admin, json.dumps(data, ensure_ascii=False), "过户加代办人")
    cid = _register(db, clerk, customer_form)
    agent = valid_resident_id(902)
    odd_agent = agent[:-1] + ("0" if agent[-1] != "0" else "1")
    values = _values(agent_id_type="ric", agent_id_number=odd_agent)
    before = _counts(db)
    with pytest.raises(OverrideRequired):
        _transfer(db, clerk, cid, values)
    assert _counts(db) == before
    approval = SupervisorApproval("super1", SUPERVISOR_PASSWORD, "已核对两人身份证原件")
    accepted = _transfer(db, clerk, cid, values, approval)
    with db.read() as s:
        documents = json.loads(s.get(Application, accepted.id).documents)
    assert documents["id_approval"]["fields"] == ["new_holder_id_number", "agent_id_number"]
