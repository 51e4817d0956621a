"""Search as you type over every customer (客户检索).

One B-tree range scan over ``customer_search_key`` (key >= q AND key < q + U+10FFFF)
answers every query kind — account prefix, name substring, pinyin initials, phone or its
last four digits, ID number, meter number, address words — on SQLite and PostgreSQL alike.
Keys come back in key order, so an exact match (a scanned account number) is first.

A query is tried in each of its readings (:func:`app.domain.search_keys.query_readings`),
best first, and the customers found are listed in that order. A reading of several tokens
(张三 文三; 西湖区文三路 = 西湖区 + 文三路) needs every token to start one of a customer's
keys. Its rarest token drives: that token's keys are read in key order, page by page, and
the customers they name are checked against the other tokens — by key-range scans or
primary-key seeks where a token's keys allow, else from the customer's row. There is no
index on ``customer_id`` to look the other tokens up with (docs/design-notes.md).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, literal, literal_column, select, tuple_
from sqlalchemy.orm import Session

from app.domain.masking import mask_id, mask_phone
from app.domain.search_keys import (
    KIND_LABELS,
    customer_keys,
    key_haystack,
    kind_of_match,
    may_match,
    query_readings,
)
from app.dto import Actor, CustomerSummary, SearchResult
from app.services.permissions import require
from db.engine import Database
from db.models import Customer, CustomerSearchKey

_TOP = "\U0010ffff"
#: Keys counted per token to find the rarest one; more than this is just "common".
COUNT_CAP = 5_000
#: Bounds on one query's work when common tokens rarely meet (王 人民路): customers of the
#: driving token looked at, and customer rows read to check a token in Python. Past either,
#: the search stops and says "more" (the rows found all match; there may be others).
MAX_CANDIDATES = 2_000
MAX_ROWS_READ = 1_000
#: Key rows read per page when the driving token is checked (the first page is 3 × limit).
_MAX_PAGE = 1_000
#: A token starting at most this many distinct keys is checked in SQL (see _all_tokens_match).
_FEW_KEYS = 16

_KEY_FIELDS = (Customer.id, Customer.account_no, Customer.name, Customer.phone, Customer.phone2,
               Customer.id_number, Customer.meter_no, Customer.supply_address)


def search_customers(db: Database, actor: Actor, text: str, limit: int = 50) -> SearchResult:
    require(actor, "customer.view")
    started = time.perf_counter()
    limit = max(1, limit)  # settings.search_limit is user-editable; LIMIT -n is an error on PostgreSQL
    readings = query_readings(text)
    if not readings:
        return SearchResult(text, [], False, 0.0)
    with db.read() as session:
        order: dict[uuid.UUID, str] = {}
        cut_short = False
        for tokens in readings:
            if len(order) > limit:
                break  # the page is full: a later reading would only add rows after it
            if len(tokens) == 1:
                found = _prefix_matches(session, tokens[0], limit)
            else:
                found, cut = _all_tokens_match(session, tokens, limit)
                cut_short = cut_short or cut
            for cid, label in found.items():
                order.setdefault(cid, label)
        more = len(order) > limit or cut_short
        ids = list(order)[:limit]
        customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))} if ids else {}
        rows = [
            CustomerSummary(c.id, c.account_no, c.name, c.kind, c.status, mask_phone(c.phone) if c.phone else "",
                            c.supply_address, mask_id(c.id_number), order[cid])
            for cid in ids if (c := customers.get(cid)) is not None
        ]
    return SearchResult(text, rows, more, (time.perf_counter() - started) * 1000)


def _key_pages(session: Session, q: str, first: int) -> Iterator[list[tuple[uuid.UUID, int]]]:
    """The (customer, kind) rows of every key starting with ``q``, in key order, page by page.

    Keyset paging: the next page starts after the last (key, customer_id) read, written as a
    row-value comparison, not "key > k OR (key = k AND id > c)": both engines turn it into
    one index seek, where the OR form scanned (406 ms → 1.4 ms for a second page over 1M
    customers on SQLite). Pages double from ``first`` rows up to ``_MAX_PAGE``.
    """
    key, cid = CustomerSearchKey.key, CustomerSearchKey.customer_id
    size, after = first, None
    while True:
        stmt = (select(key, cid, CustomerSearchKey.kind).where(key >= q, key < q + _TOP)
                .order_by(key, cid).limit(size))
        if after is not None:
            stmt = stmt.where(tuple_(key, cid) > tuple_(*after))
        rows = session.execute(stmt).all()
        yield [(row_cid, kind) for _key, row_cid, kind in rows]
        if len(rows) < size:
            return
        after = rows[-1][0], rows[-1][1]
        size = min(size * 2, max(_MAX_PAGE, first))


def _prefix_matches(session: Session, q: str, limit: int) -> dict[uuid.UUID, str]:
    """Customers with a key starting with ``q``, in key order: ``limit`` + 1 of them when there are more.

    A customer may own several keys with the same prefix (张三 and 张三丰's suffixes, a phone
    and its last four digits): pages are read until the page of distinct customers is full
    plus one, so "more" is exact and rarely costs a second page.
    """
    order: dict[uuid.UUID, str] = {}
    if not q:
        return order
    for page in _key_pages(session, q, limit * 3):
        for cid, kind in page:
            if cid not in order:
                order[cid] = KIND_LABELS.get(kind, "")
        if len(order) > limit:
            break
    return order


def _bounded_counts(session: Session, tokens: list[str]) -> dict[str, int]:
    """How many keys start with each token, counting to ``COUNT_CAP`` at most: one statement."""
    key = CustomerSearchKey.key
    counts = [select(func.count()).select_from(
        select(literal(1)).where(key >= t, key < t + _TOP).limit(COUNT_CAP).subquery()).scalar_subquery()
        for t in tokens]
    return dict(zip(tokens, session.execute(select(*counts)).one(), strict=True))


def _all_tokens_match(session: Session, tokens: list[str], limit: int) -> tuple[dict[uuid.UUID, str], bool]:
    """Customers matching every token (``limit`` + 1 at most), and whether the search was cut short.

    The label names the kind each token matched, in the order typed (名称+地址).
    """
    counts = _bounded_counts(session, tokens)
    if not all(counts.values()):
        return {}, False
    # The rarest token drives. Between two common ones the longer, then the later: in an
    # address the later word is the narrower (杭州市 西湖区 → 西湖区).
    driver = min(reversed(tokens), key=lambda t: (counts[t], -len(t)))
    # How each other token is checked, for a page of the driver's customers at a time:
    # - fewer keys than COUNT_CAP: its key range, filtered by customer_id (a short scan);
    # - few distinct keys (3幢: one key shared by thousands): primary-key seeks (key, customer_id);
    # - else (张: every name with 张 in it) from the customer's row, in Python.
    in_sql: list[tuple[str, list[str] | None]] = []
    in_rows: list[str] = []
    for token in sorted((t for t in tokens if t != driver), key=lambda t: counts[t]):
        if counts[token] < COUNT_CAP:
            in_sql.append((token, None))
        elif (keys := _distinct_keys(session, token)) is not None:
            in_sql.append((token, keys))
        else:
            in_rows.append(token)
    key, cid_col = CustomerSearchKey.key, CustomerSearchKey.customer_id
    found: dict[uuid.UUID, str] = {}
    seen: set[uuid.UUID] = set()
    rows_read = 0
    for page in _key_pages(session, driver, limit * 3):
        batch: dict[uuid.UUID, dict[str, int]] = {}
        for cid, kind in page:
            if cid not in seen:
                seen.add(cid)
                batch[cid] = {driver: kind}
        for token, keys in in_sql:
            if not batch:
                break
            # The keys go into the SQL text: PostgreSQL prepares a statement run five times
            # (psycopg) and may then plan it for any key — a bitmap scan, 40 ms instead of 2.
            where: list[ColumnElement[bool]]
            if keys is not None:
                where = [key.in_(bindparam("keys", keys, expanding=True, literal_execute=True))]
            else:
                where = [key >= bindparam("low", token, literal_execute=True),
                         key < bindparam("high", token + _TOP, literal_execute=True)]
            hits = dict(session.execute(select(cid_col, CustomerSearchKey.kind)
                                        .where(*where, cid_col.in_(list(batch)))).all())
            batch = {cid: {**kinds, token: hits[cid]} for cid, kinds in batch.items() if cid in hits}
        if in_rows and batch:
            rows_read += len(batch)
            by_id = {row.id: row for row in session.execute(select(*_KEY_FIELDS).where(Customer.id.in_(list(batch))))}
            batch = {cid: {**kinds, **more} for cid, kinds in batch.items()
                     if (row := by_id.get(cid)) is not None and (more := _row_matches(row, in_rows)) is not None}
        for cid, kinds in batch.items():  # in the driver's key order
            labels = (KIND_LABELS.get(kinds[t], "") for t in tokens)
            found[cid] = "+".join(dict.fromkeys(label for label in labels if label))
            if len(found) > limit:
                return found, False
        if len(seen) >= MAX_CANDIDATES or rows_read >= MAX_ROWS_READ:
            return found, True
    return found, False


def _distinct_keys(session: Session, token: str) -> list[str] | None:
    """The keys starting with ``token`` when there are at most ``_FEW_KEYS`` of them, else None.

    A loose index scan — each step seeks the next key after the last one — so a key shared
    by a hundred thousand customers costs one seek, not a hundred thousand rows.
    """
    key = CustomerSearchKey.key
    top = token + _TOP
    first = select(key).where(key >= token, key < top).order_by(key).limit(1).scalar_subquery()
    steps = select(first.label("k"), literal_column("1").label("n")).cte("next_key", recursive=True)
    following = select(key).where(key > steps.c.k, key < top).order_by(key).limit(1).scalar_subquery()
    steps = steps.union_all(select(following, steps.c.n + 1).where(steps.c.k.is_not(None), steps.c.n <= _FEW_KEYS))
    keys = list(session.scalars(select(steps.c.k).where(steps.c.k.is_not(None))))
    return keys if len(keys) <= _FEW_KEYS else None


def _row_matches(row: Any, tokens: list[str]) -> dict[str, int] | None:
    """The kind each token matched for the customer of ``row``, or None when one does not match."""
    fields = dict(account_no=row.account_no, name=row.name, phones=[row.phone, row.phone2], id_number=row.id_number,
                  meter_no=row.meter_no, address=row.supply_address)
    haystack = key_haystack(**fields)
    if not all(may_match(t, haystack) for t in tokens):
        return None  # most candidates end here, without building their keys
    keys = customer_keys(**fields)
    kinds: dict[str, int] = {}
    for token in tokens:
        kind = kind_of_match(keys, token)
        if kind is None:
            return None
        kinds[token] = kind
    return kinds
