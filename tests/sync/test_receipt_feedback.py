"""docs/sync.md#apply-rules (``receipt``) and #pull-watermark: what the centre stores reaches the
branch, so the copies converge when quiet (issue 11 test 12's invariant).

* A branch payment whose receipt number the centre already holds is stored there as
  ``<number>-C1``; the branch's copy takes that number from the feed (the one correction the pull
  makes to a payment, under a guard that lets nothing else change), and a reprint at the branch
  shows the number the centre's books have.
* A table without a ``version`` (a node, a tariff, a suspension …) is not rolled back when a page
  cut delivers an older image after a newer one.

Real PostgreSQL centre, the real service on loopback, a branch enrolled through it.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.printing.receipt import render_receipt
from app.services import auth, customers, payments
from app.sync import client, feed, outbox
from app.sync.envelope import FeedPage, FeedRow
from app.sync.rows import encode_row, read_image
from db.engine import Database
from db.models import AppMeta, Node, Payment, PaymentTender, SyncChange, SyncConflict
from tests.conftest import CLERK_PASSWORD, valid_resident_id
from tests.sync.branchwork import register_branch, take_payments
from tests.sync.loopback import serving

pytestmark = pytest.mark.pg


def _centre_holds(centre: Database, receipt_no: str) -> uuid.UUID:
    """A payment at the centre under ``receipt_no``, for a customer of the centre's own (the way a
    node re-enrolled with counters fitted from a scope that lacked one of its receipts leaves it:
    tests/sync/test_apply.py builds that case; here the number is simply taken)."""
    clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
    form = customers.CustomerInput(
        "individual",
        "residential",
        "中心客户甲",
        "ric",
        valid_resident_id(8101),
        "urban",
        "220V",
        "8",
        phone="13905710001",
        supply_address="杭州市上城区1号",
    )
    cid = customers.register_customer(
        centre, clerk, customers.RegisterCustomer(form, confirm_duplicate=True)
    ).id
    holder = uuid.uuid4()
    with centre.write() as s:
        node_id = s.scalar(
            sa.select(Node.id)
            .join(AppMeta, AppMeta.value == Node.code)
            .where(AppMeta.key == "local_node_code")
        )
        s.add(
            Payment(
                id=holder,
                receipt_no=receipt_no,
                node_id=node_id,
                customer_id=cid,
                session_id=None,
                kind="payment",
                amount_fen=1,
                tendered_fen=1,
                change_fen=0,
                applied_fen=0,
                late_fee_fen=0,
                prepaid_fen=0,
                balance_before_fen=0,
                balance_after_fen=0,
                posted_by="clerk1",
            )
        )
    return holder


def _payment_id(db: Database, receipt_no: str) -> uuid.UUID:
    with db.read() as s:
        pid = s.scalar(sa.select(Payment.id).where(Payment.receipt_no == receipt_no))
    assert pid is not None, receipt_no
    return pid


def _receipt_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "reprint.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_centres_receipt_number_reaches_the_branch_and_its_reprint(
    centre: Database, branch: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with serving(centre) as url:
        _node_id, code = register_branch(centre)
        client.enrol(url, code, branch)
        (receipt_no,) = take_payments(branch, 1, fen=12_850)  # offline: not sent yet
        pid = _payment_id(branch, receipt_no)
        clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
        first = payments.record_print(branch, clerk, payments.DOC_RECEIPT, pid, receipt_no, "POS-80", "80mm")
        assert (first.copy_no, first.reprint) == (
            1,
            False,
        )  # handed to the customer under the branch's number
        holder = _centre_holds(centre, receipt_no)

        with caplog.at_level(logging.WARNING, logger="app.sync.feed"):
            report = client.sync_round(branch)
        assert report.pending == 0, report.summary()
        renumbered = f"{receipt_no}-C1"
        with centre.read() as s:
            stored = s.get(Payment, pid)
            assert stored is not None and stored.receipt_no == renumbered and stored.amount_fen == 12_850
            assert s.get(Payment, holder).receipt_no == receipt_no  # type: ignore[union-attr]
            kinds = list(s.scalars(sa.select(SyncConflict.kind).where(SyncConflict.node_id == _node_id)))
            assert kinds == ["receipt"]
            # the highest receipt number the node issued is the renumbered one's: a re-enrolled
            # PC starts past it (app/sync/counters.py read "…-C1" as no number at all)
            from app.sync.counters import highest_numbers

            assert highest_numbers(s, _node_id)["receipt"] == int(re.search(r"(\d+)$", receipt_no).group(1))  # type: ignore[union-attr]
            centre_row = read_image(s, "payment", {"id": pid})
            centre_tenders = sorted(
                s.execute(
                    sa.select(PaymentTender.kind, PaymentTender.amount_fen).where(
                        PaymentTender.payment_id == pid
                    )
                ).all()
            )

        # the branch's copy is the centre's row: the number, and nothing else changed
        with branch.read() as s:
            assert read_image(s, "payment", {"id": pid}) == centre_row
            assert (
                sorted(
                    s.execute(
                        sa.select(PaymentTender.kind, PaymentTender.amount_fen).where(
                            PaymentTender.payment_id == pid
                        )
                    ).all()
                )
                == centre_tenders
            )
            assert s.scalar(sa.select(sa.func.count()).select_from(SyncChange)) == 0  # not a local change
            assert outbox.pending_count(s) == 0
        assert any(receipt_no in r.getMessage() and renumbered in r.getMessage() for r in caplog.records)

        # quiet: the next round sends nothing and receives nothing of it again
        again = client.sync_round(branch)
        assert (again.sent, again.pending) == (0, 0), again.summary()

        # a reprint at the branch, through the real path, shows the centre's number
        stored_receipt = payments.get_receipt(branch, clerk, pid)
        assert stored_receipt.receipt_no == renumbered
        info = payments.record_print(
            branch, clerk, payments.DOC_RECEIPT, pid, stored_receipt.receipt_no, "POS-80", "80mm"
        )
        assert (info.copy_no, info.reprint) == (2, True)
        text = _receipt_text(
            render_receipt(stored_receipt, "80mm", reprint=info.reprint, copy_no=info.copy_no), tmp_path
        )
        assert renumbered in text and "补打" in text, text

    # the payment's append-only guard is whole again: nothing but the pull's one correction passes
    with branch.write() as s:
        triggers = set(
            s.scalars(
                sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'payment'")
            )
        )
        assert "trg_payment_no_update" in triggers and "trg_payment_centre_receipt_no" not in triggers
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), branch.write() as s:
        s.execute(sa.update(Payment).where(Payment.id == pid).values(receipt_no=f"{receipt_no}-C2"))


def _page(branch: Database, rows: list[FeedRow]) -> FeedPage:
    with branch.read() as s:
        watermark = int(s.scalar(sa.text("SELECT watermark FROM sync_state WHERE id = 1")) or 0)
    return FeedPage(tuple(rows), watermark, more=False, stale=False, server_time="", open_conflicts=0)


def test_a_pulled_payment_image_may_change_nothing_but_the_centres_renumbering(
    centre: Database, branch: Database
) -> None:
    """Forged or mistaken feed rows for a payment the branch holds: an amount changed alongside
    the ``-C1`` number, a number that is not the centre's renumbering of this one — each left
    alone; the branch's copy and its guard stay as they were."""
    with serving(centre) as url:
        _node_id, code = register_branch(centre)
        client.enrol(url, code, branch)
        (receipt_no,) = take_payments(branch, 1, fen=5_000)
        assert client.sync_round(branch).pending == 0
    pid = _payment_id(branch, receipt_no)
    with branch.read() as s:
        local = read_image(s, "payment", {"id": pid})
    assert local is not None
    forged = [
        {
            **local,
            "receipt_no": f"{receipt_no}-C1",
            "amount_fen": 1,
            "tendered_fen": 1,
        },  # an amount rewritten
        {**local, "receipt_no": "3302R99999999"},  # another number altogether
        {**local, "receipt_no": f"{receipt_no}-CX"},  # not the centre's form
        {**local, "receipt_no": f"{receipt_no}-C1", "posted_by": "someone"},
    ]
    for n, image in enumerate(forged, start=1):
        row = FeedRow(
            id=10_000_000 + n,
            tbl="payment",
            row_key={"id": str(pid)},
            action="update",
            image=encode_row("payment", image),
            txid=1,
        )
        with branch.write() as s:
            assert feed.apply_page(s, _page(branch, [row])) == 0
    with branch.read() as s:
        assert read_image(s, "payment", {"id": pid}) == local
    # the narrowed guard itself (installed only while the pull takes a number) refuses an amount
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), branch.write() as s:
        s.execute(sa.text("UPDATE sync_state SET applying = 1 WHERE id = 1"))
        s.execute(sa.text('DROP TRIGGER "trg_payment_no_update"'))
        s.execute(sa.text(feed._receipt_only_guard()))
        s.execute(
            sa.update(Payment).where(Payment.id == pid).values(receipt_no=f"{receipt_no}-C1", amount_fen=1)
        )
    with branch.read() as s:  # that transaction rolled back whole: the guard and the row as they were
        assert read_image(s, "payment", {"id": pid}) == local
        assert (
            s.scalar(sa.text("SELECT count(*) FROM sqlite_master WHERE name = 'trg_payment_no_update'")) == 1
        )


def test_a_page_cut_never_rolls_back_a_row_without_a_version(
    centre: Database, branch: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two central transactions write the same unversioned row (the centre's node), the one that
    took its transaction id first committing last. Pages come in transaction-id order, so with
    a page cut between them the newer image arrives first; the branch keeps it (the feed id,
    which for one row follows the commit order, says the later page's image is older)."""
    with serving(centre) as url:
        _node_id, code = register_branch(centre)
        client.enrol(url, code, branch)
        assert client.sync_round(branch).pending == 0
        with centre.read() as s:
            centre_node = s.scalar(
                sa.select(Node.id)
                .join(AppMeta, AppMeta.value == Node.code)
                .where(AppMeta.key == "local_node_code")
            )
        with centre.engine.connect() as first, centre.engine.connect() as second:
            first.execute(sa.text("SELECT pg_current_xact_id()"))  # takes the smaller transaction id …
            second.execute(sa.update(Node).where(Node.id == centre_node).values(name="先提交的名称"))
            second.commit()
            first.execute(sa.update(Node).where(Node.id == centre_node).values(name="后提交的名称"))
            first.commit()  # … and commits last: its name is the centre's
            txids = first.execute(
                sa.text("SELECT txid FROM sync_feed WHERE tbl = 'node' ORDER BY id DESC LIMIT 2")
            )
            newer, older = [int(t) for t in txids.scalars()]
        assert newer < older  # the newer image's transaction id is the smaller: the page order reverses them
        monkeypatch.setattr(client, "PULL_LIMIT", 1)  # one transaction a page: the cut falls between them
        client.sync_round(branch)
    with centre.read() as s, branch.read() as b:
        assert s.get(Node, centre_node).name == "后提交的名称"  # type: ignore[union-attr]
        assert b.get(Node, centre_node).name == "后提交的名称"  # type: ignore[union-attr]
