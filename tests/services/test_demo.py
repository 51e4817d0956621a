"""Demo data (app.demo): what seed-demo writes must be what the services would have written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select

from app.config import Settings
from app.demo import DEMO_PASSWORD, CustomerGenerator, seed_demo
from app.demo.generator import org_code_check
from app.demo.loader import Plan, batches, produce
from app.domain.ids import check_credit_code, check_resident_id, make_resident_id
from app.domain.pinyin import name_initials
from app.domain.search_keys import customer_keys
from app.dto.common import Actor
from app.services import auth
from app.services.customers import CustomerInput, RegisterCustomer, register_customer, validate
from app.services.search import search_customers
from app.write_path.oplog import verify
from db.engine import Database
from db.models import Customer, CustomerSearchKey, Node, Operation

N = 500
SEED = 20261123
_INPUT_FIELDS = [f.name for f in dataclasses.fields(CustomerInput)]


def _input(c: Customer) -> CustomerInput:
    values: dict[str, Any] = {f: str(getattr(c, f)) if f == "capacity_kva" else getattr(c, f) for f in _INPUT_FIELDS}
    return CustomerInput(**values)


def _customers(db: Database) -> list[Customer]:
    with db.read() as session:
        return list(session.scalars(select(Customer).order_by(Customer.account_no)))


def test_seed_demo_writes_what_the_services_would(db: Database, settings: Settings) -> None:
    report = seed_demo(db, settings, customers=N, seed=SEED, applications=False)
    assert "已导入演示客户 500 户" in report
    assert "demo01" in report and DEMO_PASSWORD in report
    rows = _customers(db)
    assert len(rows) == N

    # Every kind, in roughly the intended mix; every row passes the registration checks.
    kinds = Counter(c.kind for c in rows)
    assert set(kinds) == {"residential", "general_ci", "large_industry", "agricultural", "public"}
    assert 0.78 < kinds["residential"] / N < 0.92
    assert {c.area for c in rows} == {"urban", "rural"}
    assert any(c.low_income != "none" for c in rows)
    for c in rows:
        values, id_result = validate(_input(c))
        assert id_result is not None and id_result.ok, (c.account_no, id_result)
        # Already clean: validation changes nothing the loader wrote.
        assert {f: getattr(c, f) for f in values} == values, c.account_no
        assert c.version == 1 and c.status in ("normal", "suspended", "closed")
        if c.id_type == "ric":
            assert check_resident_id(c.id_number).ok
        elif c.id_type == "uscc":
            assert check_credit_code(c.id_number).ok
        if c.kind == "large_industry" or c.capacity_kva >= 315:
            assert c.customer_manager

    # Search keys: exactly customer_keys() of each row, as register_customer writes them.
    with db.read() as session:
        stored: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
        for key, cid, kind in session.execute(
                select(CustomerSearchKey.key, CustomerSearchKey.customer_id, CustomerSearchKey.kind)):
            stored[cid][key] = kind
    assert len(stored) == N
    for c in rows:
        assert stored[c.id] == customer_keys(
            account_no=c.account_no, name=c.name, phones=[c.phone, c.phone2], id_number=c.id_number,
            meter_no=c.meter_no, address=c.supply_address), c.account_no

    # Account numbers: node prefix, the node's sequence from 1, and the sequence advanced.
    assert [c.account_no for c in rows] == [f"3301{seq:07d}" for seq in range(1, N + 1)]
    with db.read() as session:
        assert session.scalar(select(Node.account_seq).where(Node.code == "3301")) == N
        # The operation log: ONE record for the load, and the chain still verifies.
        assert all(r.ok for r in verify(session))
        ops = list(session.scalars(select(Operation).where(Operation.op_type == "SeedDemoData")))
        assert len(ops) == 1
        payload = json.loads(ops[0].payload)
        assert payload["count"] == N and payload["seed"] == SEED
        assert (payload["first_account"], payload["last_account"]) == ("33010000001", f"3301{N:07d}")
        op_count = session.scalar(select(func.count()).select_from(Operation))
        assert op_count is not None and op_count < 20

    # The demo staff can log in; a second run leaves them alone.
    clerk = auth.login(db, "demo01", DEMO_PASSWORD)
    supervisor = auth.login(db, "zhang.bz", DEMO_PASSWORD)
    assert (clerk.role, supervisor.role) == ("clerk", "supervisor")
    assert "账号已存在，密码未改动" in seed_demo(db, settings, customers=0, seed=SEED, applications=False)


def test_seeded_customers_are_found_and_numbering_continues(db: Database, settings: Settings, clerk: Actor) -> None:
    seed_demo(db, settings, customers=N, seed=SEED, applications=False)
    rows = _customers(db)
    people = [c for c in rows if c.party_type == "individual" and c.id_type == "ric"][:5]
    for person in people:
        by_pinyin = search_customers(db, clerk, name_initials(person.name)[0], limit=200)
        assert person.id in {r.id for r in by_pinyin.rows}, person.name
        by_phone = search_customers(db, clerk, person.phone.replace("-", "")[-4:], limit=200)
        assert person.id in {r.id for r in by_phone.rows}, person.phone
        assert search_customers(db, clerk, person.account_no).rows[0].id == person.id

    # register_customer after seeding issues the next number.
    view = register_customer(db, clerk, RegisterCustomer(CustomerInput(
        party_type="individual", kind="residential", name="柜台新户", id_type="ric",
        id_number=make_resident_id("330106", dt.date(1949, 12, 31), "002"), area="urban",
        voltage_level="220V", capacity_kva="6", phone="13900001111",
        supply_address="浙江省杭州市西湖区文三路1号1幢1单元101室")))
    assert view.account_no == f"3301{N + 1:07d}"

    # Same seed, same customers: a second load repeats the people under new account numbers.
    seed_demo(db, settings, customers=N, seed=SEED, applications=False)
    rows = [c for c in _customers(db) if c.id != view.id]
    fields = ("name", "id_number", "phone", "phone2", "supply_address", "meter_no", "kind", "capacity_kva")
    assert [tuple(getattr(c, f) for f in fields) for c in rows[:N]] == \
        [tuple(getattr(c, f) for f in fields) for c in rows[N:]]
    assert rows[-1].account_no == f"3301{2 * N + 1:07d}"
    with db.read() as session:
        assert all(r.ok for r in verify(session))


# --- the generator alone (no database) --------------------------------------------------------


def _strip_ids(batch: tuple) -> tuple:  # type: ignore[type-arg]
    """A batch without what differs between runs: UUIDs and timestamps."""
    rows, keys, _ = batch
    lines = keys.split("\n") if isinstance(keys, str) else [f"{k}\t{c}\t{kd}" for k, c, kd in keys]
    return [r[1:2] + r[3:22] for r in rows], sorted(line.split("\t")[0] + line.split("\t")[2] for line in lines)


def test_generator_is_deterministic_and_covers_the_rare_cases() -> None:
    gen, again, other = CustomerGenerator(7), CustomerGenerator(7), CustomerGenerator(8)
    sample = [gen.customer(i) for i in range(20_000)]
    same = sample[:2000] == [again.customer(i) for i in range(2000)]
    assert same  # (a bare bool: pytest's diff of 2000 dicts would take minutes)
    different = sample[:100] != [other.customer(i) for i in range(100)]
    assert different
    names = [c["name"] for c in sample if c["party_type"] == "individual"]
    assert any(n.startswith(("欧阳", "司马", "诸葛", "上官", "司徒")) for n in names)
    assert any("·" in n for n in names)
    lengths = Counter(len(n) for n in names)
    assert lengths[2] > 0.1 * len(names) and lengths[3] > 0.5 * len(names)
    ids = [c["id_number"] for c in sample]
    assert any(i.startswith("N2") for i in ids)  # 村级集体经济组织
    assert any(len(i) == 15 for i in ids)  # first-generation 15-digit ID cards
    assert len(set(ids)) > 0.97 * len(ids)  # repeats only for one person with several homes
    assert {c["id_type"] for c in sample} >= {"ric", "uscc", "hkmo", "passport"}
    assert any(c["phone"].startswith("0571-") for c in sample)
    assert len({c["meter_no"] for c in sample}) == len(sample)
    low = Counter(c["low_income"] for c in sample if c["kind"] == "residential")
    assert 0.01 < (low["dibao"] + low["wubao"]) / sum(low.values()) < 0.03
    large = [c for c in sample if c["kind"] == "large_industry"]
    assert all(c["capacity_kva"] >= 315 and c["voltage_level"] != "220V" for c in large)


def test_org_code_check_character() -> None:
    # GB 11714 examples: 12345678 -> 8 (weights 3 7 9 10 5 8 4 2), D2143569 -> X.
    assert org_code_check("12345678") == "8"
    assert org_code_check("D2143569") == "X"


def test_worker_process_yields_the_same_batches() -> None:
    plan = Plan(seed=3, count=1_200, node_code="3301", node_hex=uuid.uuid4().hex, first_seq=1, batch=500)
    here = [_strip_ids(b) for b in produce(plan)]
    there = [_strip_ids(b) for b in batches(plan, parallel=True)]
    same = here == there
    assert same
    rows, keys, stats = next(iter(produce(plan, text_keys=True)))
    assert isinstance(keys, str)  # text_keys=True: the keys come as COPY text
    assert keys.split("\n") == sorted(keys.split("\n")) and stats.keys == len(keys.split("\n"))
