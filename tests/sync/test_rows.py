"""docs/sync.md#messages: a row image decodes to the same Python values whichever database's
trigger wrote it, and an encoded image reads back unchanged."""

from __future__ import annotations

import datetime as dt
import uuid

from app.sync.rows import decode_row, encode_row, key_json

ID = uuid.UUID("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")


def _sqlite_form():
    return {"id": ID.hex, "receipt_no": "330100000001", "node_id": ID.hex, "customer_id": ID.hex,
            "session_id": None, "kind": "payment", "reverses_id": None, "amount_fen": 12345,
            "tendered_fen": 20000, "change_fen": 7655, "applied_fen": 12345, "late_fee_fen": 45,
            "prepaid_fen": 0, "balance_before_fen": 12345, "balance_after_fen": 0,
            "posted_at": "2026-12-06 09:30:01.250000", "posted_by": "demo01", "reason_code": "",
            "reason": "", "approved_by": None, "request_hash": None}


def _postgres_form():
    image = dict(_sqlite_form())
    image.update({k: str(ID) for k in ("id", "node_id", "customer_id")})
    image["posted_at"] = "2026-12-06T09:30:01.25"
    return image


def test_both_trigger_spellings_decode_alike():
    a, b = decode_row("payment", _sqlite_form()), decode_row("payment", _postgres_form())
    assert a == b
    assert a["id"] == ID and a["posted_at"] == dt.datetime(2026, 12, 6, 9, 30, 1, 250000)
    assert decode_row("payment", encode_row("payment", a)) == a


def test_local_columns_do_not_travel_and_booleans_and_bytes_decode():
    customer = {"id": ID.hex, "vip": 1, "important": "false", "prepaid_fen": 500}
    decoded = decode_row("customer", customer)
    assert decoded["vip"] is True and decoded["important"] is False
    assert "prepaid_fen" not in decoded
    blob = decode_row("attachment_blob", {"sha256": "ab", "content": "\\x00ff", "size": 2})
    assert blob["content"] == b"\x00\xff"
    assert decode_row("attachment_blob", {"sha256": "ab", "content": "00FF"})["content"] == b"\x00\xff"


def test_key_text_is_the_same_for_either_spelling():
    assert key_json("payment", {"id": ID.hex}) == key_json("payment", {"id": str(ID)})
