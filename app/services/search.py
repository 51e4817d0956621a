"""Search as you type over every customer (客户检索).

One B-tree range scan over ``customer_search_key`` (key >= q AND key < q + U+10FFFF)
answers every query kind — account prefix, name substring, pinyin initials, phone or its
last four digits, ID number, meter number, address words — on SQLite and PostgreSQL alike.
Keys come back in key order, so an exact match (a scanned account number) is first. Pinyin
initials by a heteronym's rarer reading are keys of their own under a marker
(:data:`app.domain.search_keys.OTHER_READING`): a second range, read after the first.

A query is tried in each of its readings (:func:`app.domain.search_keys.query_readings`),
best first, and the customers found are listed in that order. A reading of several tokens
(张三 文三; 西湖区文三路 = 西湖区 + 文三路) needs every token to start one of a customer's
keys. Its rarest token drives: that token's keys are read in key order, a page (≤ 5,000
keys) per statement, and the same statement checks the other tokens — an IN set of a
token's customers, a primary-key seek on a token's few keys — so only matching customers
come back to Python (79号荷花一区12幢 on 1M customers: a few ms). A token found everywhere
(杭州市) is checked on the customer's row. There is no index on ``customer_id`` to look the
other tokens up with (docs/design-notes.md). Common single keys (13幢 1单元 203室) are ranked by
how far into the customer ids their first thousand rows reach: the sparsest drives, the others
are checked sparsest first, and the next sparsest, when not much larger, is read once as a set.
"""

from __future__ import annotations

import time
import uuid
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from app.domain.masking import mask_id, mask_phone
from app.domain.search_keys import (
    KIND_LABELS,
    PINYIN,
    PINYIN_OTHER,
    customer_keys,
    key_haystack,
    key_prefixes,
    kind_of_match,
    may_match,
    query_readings,
)
from app.domain.text import is_cjk
from app.dto.common import Actor
from app.dto.customers import CustomerSummary, SearchResult
from app.services.permissions import require
from db.engine import Database
from db.models import AppMeta, Customer, CustomerSearchKey

_TOP = "\U0010ffff"
#: Keys counted per token to find the rarest one; more than this is just "common".
COUNT_CAP = 5_000
#: Bounds on one query's work when common tokens rarely meet (王 人民路): customers of the
#: driving token looked at, and customer rows read to check a token in Python. Past either,
#: the search stops and says "more" (the rows found all match; there may be others).
MAX_CANDIDATES = 10_000
#: A token starting many distinct keys is checked by its key range when it has fewer keys than this.
BIG_CAP = 20_000
MAX_ROWS_READ = 1_000
#: Key rows read per page when the driving token is checked (the first page is 3 × limit).
_MAX_PAGE = 1_000
#: Keys of the driving token one statement reads at most, checking the other tokens in SQL;
#: fewer when a token is checked on the customer's row (a row costs more than a key).
_PAGE = 5_000
_ROWS_PAGE = 1_000
#: Rows walked into each common single key to rank them by sparseness (see _sparsest).
_MARK = 1_000
#: A common single key checked as a set when it has at most this many times the driver's customers.
_HASH_RATIO = 2
#: A token starting at most this many distinct keys is checked in SQL (see _all_tokens_match).
_FEW_KEYS = 16

#: The key table as Core columns: building a statement from them costs a fraction of the ORM
#: attributes' (aliased() alone was ~1 ms per multi-token search).
_KEYS = cast(Table, CustomerSearchKey.__table__)
_K = _KEYS.c

_SUMMARY_FIELDS = (Customer.id, Customer.account_no, Customer.name, Customer.kind, Customer.status, Customer.phone,
                   Customer.supply_address, Customer.id_number)
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
        # Columns, not ORM objects: building 50 Customer instances cost more than finding them.
        customers = {c.id: c for c in session.connection().execute(
            select(*_SUMMARY_FIELDS).where(Customer.id.in_(ids)))} if ids else {}
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
    key, cid = _K.key, _K.customer_id
    size, after = first, None
    while True:
        stmt = (select(key, cid, _K.kind).where(key >= q, key < q + _TOP)
                .order_by(key, cid).limit(size))
        if after is not None:
            stmt = stmt.where(tuple_(key, cid) > tuple_(*after))
        rows = session.connection().execute(stmt).all()
        yield [(row_cid, kind) for _key, row_cid, kind in rows]
        if len(rows) < size:
            return
        after = rows[-1][0], rows[-1][1]
        size = min(size * 2, max(_MAX_PAGE, first))


#: Set in app_meta by migration 0003_search: the pinyin keys are to be rebuilt by the application.
REBUILD_KEY = "search_keys_rebuild"
_REBUILD_KINDS = (PINYIN, PINYIN_OTHER)


def rebuild_pending_keys(db: Database, batch: int = 5_000) -> int:
    """Rebuild every customer's pinyin keys when a migration asked for it; the customers done.

    One transaction, which takes the note first: when several counters start together on a
    shared database, one rebuilds and the others find the note gone. The keys are a derived
    index (as the demo loader writes them), so no operation is logged.
    """
    with db.write() as session:
        if not session.connection().execute(delete(AppMeta).where(AppMeta.key == REBUILD_KEY)).rowcount:
            return 0
        session.execute(delete(CustomerSearchKey).where(CustomerSearchKey.kind.in_(_REBUILD_KINDS)))
        done, after = 0, None
        while True:
            stmt = select(*_KEY_FIELDS).order_by(Customer.id).limit(batch)
            rows = session.execute(stmt if after is None else stmt.where(Customer.id > after)).all()
            if not rows:
                return done
            values = [{"key": key, "customer_id": row.id, "kind": kind} for row in rows
                      for key, kind in customer_keys(account_no=row.account_no, name=row.name,
                                                     phones=[row.phone, row.phone2], id_number=row.id_number,
                                                     meter_no=row.meter_no, address=row.supply_address).items()
                      if kind in _REBUILD_KINDS]
            if values:
                session.execute(insert(CustomerSearchKey), values)
            done, after = done + len(rows), rows[-1].id


def _prefix_matches(session: Session, q: str, limit: int) -> dict[uuid.UUID, str]:
    """Customers with a key starting with ``q``, in key order: ``limit`` + 1 of them when there are more.

    A customer may own several keys with the same prefix (张三 and 张三丰's suffixes, a phone
    and its last four digits): pages are read until the page of distinct customers is full
    plus one, so "more" is exact and rarely costs a second page.
    """
    order: dict[uuid.UUID, str] = {}
    if not q:
        return order
    for page in _token_pages(session, q, limit * 3):
        for cid, kind in page:
            if cid not in order:
                order[cid] = KIND_LABELS.get(kind, "")
        if len(order) > limit:
            break
    return order


def _token_pages(session: Session, token: str, first: int) -> Iterator[list[tuple[uuid.UUID, int]]]:
    """:func:`_key_pages` of each key prefix of ``token`` in turn: initials by the main
    readings are all read before those by another reading (张生 before 张信 read zhāng shēn)."""
    for prefix in key_prefixes(token):
        yield from _key_pages(session, prefix, first)


def _bounded_counts(session: Session, tokens: list[str], cap: int | None = None) -> dict[str, int]:
    """How many keys start with each token, counting to ``cap`` (``COUNT_CAP``) at most: one statement.

    A token of letters counts its initials by other readings too (possibly past the cap).
    """
    key = _K.key
    cap = COUNT_CAP if cap is None else cap
    prefixes = [(t, p) for t in tokens for p in key_prefixes(t)]
    counts = [select(func.count()).select_from(
        select(literal(1)).where(key >= p, key < p + _TOP).limit(cap).subquery()).scalar_subquery()
        for _t, p in prefixes]
    totals = dict.fromkeys(tokens, 0)
    for (token, _p), n in zip(prefixes, session.connection().execute(select(*counts)).one(), strict=True):
        totals[token] += n
    return totals


def _token_stats(session: Session, tokens: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """:func:`_bounded_counts`, and the key of each token that starts exactly one (3幢, 杭州市
    when no name starts with it): one statement, two more index seeks per token."""
    key = _K.key
    prefixes = [(t, p) for t in tokens for p in key_prefixes(t)]
    columns: list[Any] = [select(func.count()).select_from(
        select(literal(1)).where(key >= p, key < p + _TOP).limit(COUNT_CAP).subquery()).scalar_subquery()
        for _t, p in prefixes]
    for t in tokens:
        first = select(key).where(key >= t, key < t + _TOP).order_by(key).limit(1).scalar_subquery()
        columns += [first, select(key).where(key > first, key < t + _TOP).order_by(key).limit(1).scalar_subquery()]
    values = session.connection().execute(select(*columns)).one()
    counts = dict.fromkeys(tokens, 0)
    for (token, _p), n in zip(prefixes, values, strict=False):
        counts[token] += n
    pairs = values[len(prefixes):]
    single = {t: pairs[2 * n] for n, t in enumerate(tokens)
              if pairs[2 * n] is not None and pairs[2 * n + 1] is None and len(key_prefixes(t)) == 1}
    return counts, single


def _all_tokens_match(session: Session, tokens: list[str], limit: int) -> tuple[dict[uuid.UUID, str], bool]:
    """Customers matching every token (``limit`` + 1 at most), and whether the search was cut short.

    The label names the kind each token matched, in the order typed (名称+地址). Statements run
    on the session's connection (SQLAlchemy Core): the ORM adds ~0.3 ms per statement, and
    nothing here is an ORM object.
    """
    counts, single = _token_stats(session, tokens)
    if not all(counts.values()):
        return {}, False
    plan = _plan(session, tokens, counts, single)
    return _scan_driver(session, tokens, plan, limit)


@dataclass(frozen=True)
class _Plan:
    """How a search of several tokens runs: the token whose keys are read (the driver), and how
    each of the others is checked (see :func:`_split_checks`)."""

    driver: str
    counts: dict[str, int]  # keys per token, to COUNT_CAP
    in_sql: list[tuple[str, list[str] | None]]  # checked in the driver's statement: (token, its few keys)
    in_rows: list[str]  # checked on the customer's row, in Python
    hashed: set[str]  # checked as a set read once (IN), not a seek per row
    filters: list[ColumnElement[bool]]  # the SQL checks of in_sql and the row prefilters of in_rows
    sought: list[tuple[str, list[str]]]  # in_sql tokens whose kind is a column of the statement
    kind_columns: list[Any]
    ranged: list[str]  # in_sql tokens whose kind is looked up afterwards
    exact: bool  # SQL turns down every non-match: no row it returns is dropped in Python


def _plan(session: Session, tokens: list[str], counts: dict[str, int], single: dict[str, str]) -> _Plan:
    capped = [t for t in tokens if counts[t] >= COUNT_CAP]
    known = _known_broad(session)
    keys_of = {t: [single[t]] if t in single else None if (t, "keys") in known else _distinct_keys(session, t)
               for t in capped}
    known.update((t, "keys") for t in capped if keys_of[t] is None)
    driver, rank, hashed = _choose_driver(session, tokens, counts, capped, keys_of)
    in_sql, broad = _split_checks(tokens, driver, counts, rank, keys_of)
    in_rows: list[str] = []
    if broad:
        unknown = [token for token in broad if (token, "rows") not in known]
        big = _bounded_counts(session, unknown, BIG_CAP) if unknown else {}
        in_sql += [(token, None) for token in unknown if big[token] < BIG_CAP]
        in_rows = [token for token in broad if big.get(token, BIG_CAP) >= BIG_CAP]
        known.update((token, "rows") for token in in_rows)
    filters = [_token_filter(token, keys, n, token in hashed) for n, (token, keys) in enumerate(in_sql)]
    prefilters = [f for token in in_rows if (f := _row_prefilter(token)) is not None]
    filters += prefilters
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL would turn IN / EXISTS into joins and order them by its estimates, which
        # for key ranges are often 1 row: it then drove from 南苑's 13,000 keys, scanning
        # 临平区's range for each (15 s). Wrapped (IS TRUE), they stay per-row checks of the
        # driver's keys read in order — a hashed set for IN, index seeks for EXISTS — as on SQLite.
        filters = [f.is_(True) for f in filters]
    # The kind each token matched, for the label: for a token of few keys, by a seek in the
    # same statement (only for the rows it returns); for the others, afterwards.
    sought = [(token, keys) for token, keys in in_sql if keys is not None]
    return _Plan(driver=driver, counts=counts, in_sql=in_sql, in_rows=in_rows, hashed=hashed, filters=filters,
                 sought=sought, kind_columns=[_token_kind_column(token, keys, n) for n, (token, keys) in enumerate(sought)],
                 ranged=[token for token, keys in in_sql if keys is None], exact=len(prefilters) == len(in_rows))


def _choose_driver(session: Session, tokens: list[str], counts: dict[str, int], capped: list[str],
                   keys_of: dict[str, list[str] | None]) -> tuple[str, dict[str, int], set[str]]:
    """The driving token, the rank of the common single keys (sparsest first) and the tokens
    read once as a set."""
    # The rarest token drives. Between two common ones the longer, then the later: in an
    # address the later word is the narrower (杭州市 西湖区 → 西湖区) — unless they are single
    # keys (22幢 2单元), whose rarity shows in their keys (_sparsest).
    driver = min(reversed(tokens), key=lambda t: (counts[t], -len(t)))
    # Among common single keys, sparsest first (_sparsest): the driver, then the order in which
    # the others are checked — the check that turns most rows down runs first, and a row it
    # turns down costs no seek for the next (11幢 3单元 104室: 104室 before 3单元).
    rank: dict[str, int] = {}
    hashed: set[str] = set()
    singles = [t for t in capped if (keys := keys_of[t]) is not None and len(keys) == 1]
    if len(singles) >= 2:
        ranked = _sparsest(session, singles)
        rank = {t: n for n, (t, _span) in enumerate(ranked)}
        if ranked and len(singles) == len(tokens):
            driver = ranked[0][0]
            # Three numbered words (13幢 1单元 203室) rarely meet: thousands of the driver's
            # keys are read, a seek each into the next key. When that key has not many more
            # customers than the driver, its customers are read once into a set instead.
            if len(ranked) >= 2 and ranked[1][1] * _HASH_RATIO >= ranked[0][1]:
                hashed.add(ranked[1][0])
    return driver, rank, hashed


def _split_checks(tokens: list[str], driver: str, counts: dict[str, int], rank: dict[str, int],
                  keys_of: dict[str, list[str] | None]) -> tuple[list[tuple[str, list[str] | None]], list[str]]:
    """How each token other than the driver is checked: in SQL (with its few keys, or None) or
    "broad" (decided by :func:`_plan`), most selective first."""
    # In SQL, in the statement that reads the driver's keys, so only the customers matching
    # them come back (a few thousand candidates cost a few milliseconds in SQL; read into
    # Python, ten times more):
    # - fewer keys than COUNT_CAP: customer_id IN (the token's customers), a short scan, once;
    # - few distinct keys (3幢: one key shared by thousands): EXISTS on (key, customer_id),
    #   primary-key seeks;
    # - many distinct keys (南苑, 三里: the start of many names) but fewer than BIG_CAP: IN, as
    #   above — reading keys in order costs far less than reading customer rows;
    # - else (杭州市, 张: everywhere) from the customer's row, in Python, for the rows SQL let
    #   through — and SQL lets through only customers whose name or address contains the
    #   token, when that is the only place it can be (Chinese text).
    in_sql: list[tuple[str, list[str] | None]] = []
    broad: list[str] = []
    for token in sorted((t for t in tokens if t != driver), key=lambda t: (counts[t], rank.get(t, 0))):
        if counts[token] < COUNT_CAP:
            in_sql.append((token, None))
        elif (keys := keys_of[token]) is not None:
            in_sql.append((token, keys))
        else:
            broad.append(token)
    return in_sql, broad


def _scan_driver(session: Session, tokens: list[str], plan: _Plan,
                 limit: int) -> tuple[dict[uuid.UUID, str], bool]:
    """Read the driver's keys page by page, each page one statement with the SQL checks, until
    ``limit`` + 1 customers match or a bound (MAX_CANDIDATES, MAX_ROWS_READ) is reached."""
    driver = plan.driver
    found: dict[uuid.UUID, str] = {}
    seen: set[uuid.UUID] = set()
    scanned = rows_read = 0
    for prefix in key_prefixes(driver):
        after: tuple[str, uuid.UUID] | None = None
        while True:
            if scanned >= MAX_CANDIDATES or rows_read >= MAX_ROWS_READ:
                return found, True
            # A key read into a set is read again by each statement: one page, as far as allowed.
            page = min(_ROWS_PAGE if plan.in_rows else MAX_CANDIDATES if plan.hashed else _PAGE,
                       MAX_CANDIDATES - scanned)
            # Rows come back until ``want`` match; more when Python may turn some down.
            want = limit + 1 - len(found) if plan.exact else 3 * limit
            # A driver with fewer keys than a page is read whole: no end to look up.
            end = _page_end(session, prefix, after, page) if plan.counts[driver] >= min(page, COUNT_CAP) else None
            stmt = _driver_rows(prefix, after, end).add_columns(*plan.kind_columns).where(*plan.filters).limit(want)
            rows = session.connection().execute(stmt).all()
            batch = _check_ranged(session, plan, _new_candidates(plan, rows, seen))
            if plan.in_rows and batch:
                rows_read += len(batch)
                batch = _check_rows(session, plan.in_rows, batch)
            for cid, kinds in batch.items():  # in the driver's key order
                labels = (KIND_LABELS.get(kinds[t], "") for t in tokens)
                found[cid] = "+".join(dict.fromkeys(label for label in labels if label))
                if len(found) > limit:
                    return found, False
            if len(rows) == want:  # stopped inside the page: go on after the last row read
                after = rows[-1][0], rows[-1][1]
            elif end is None:  # the driver's keys are all read
                break
            else:
                after, scanned = end, scanned + page
    return found, False


def _new_candidates(plan: _Plan, rows: Any, seen: set[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """The customers of ``rows`` not seen before, each with the kinds its tokens matched so far."""
    batch: dict[uuid.UUID, dict[str, int]] = {}
    for row in rows:
        if (cid := row[1]) not in seen:
            seen.add(cid)
            batch[cid] = {plan.driver: row[2], **{t: k for (t, _keys), k in zip(plan.sought, row[3:], strict=True)}}
    return batch


def _check_ranged(session: Session, plan: _Plan,
                  batch: dict[uuid.UUID, dict[str, int]]) -> dict[uuid.UUID, dict[str, int]]:
    """The kinds of the tokens checked by key range, looked up for the candidates (all match)."""
    for token in plan.ranged:
        if batch:
            hits = _token_kinds(session, token, None, list(batch))
            batch = {cid: {**kinds, token: hits[cid]} for cid, kinds in batch.items() if cid in hits}
    return batch


def _check_rows(session: Session, tokens: list[str],
                batch: dict[uuid.UUID, dict[str, int]]) -> dict[uuid.UUID, dict[str, int]]:
    """The candidates whose customer row matches every one of ``tokens``, with the kinds matched."""
    by_id = {r.id: r for r in session.connection().execute(select(*_KEY_FIELDS)
                                                        .where(Customer.id.in_(list(batch))))}
    return {cid: {**kinds, **more} for cid, kinds in batch.items()
            if (r := by_id.get(cid)) is not None and (more := _row_matches(r, tokens)) is not None}


#: Per engine: tokens seen to start more than ``_FEW_KEYS`` distinct keys ("keys") or at least
#: ``BIG_CAP`` keys ("rows"), e.g. 杭州市 and 浙江省, which start company names as well as
#: addresses. Each only chooses how a token is checked, and every way is exact, so an entry gone
#: stale (customers deleted) costs time, never a wrong answer; what it saves (a loose index scan
#: and a count of 20,000 keys per token) was most of a search typed as 浙江省杭州市临平区.
_BROAD: weakref.WeakKeyDictionary[Any, dict[tuple[int, int, int], set[tuple[str, str]]]] = (
    weakref.WeakKeyDictionary())
_BROAD_MAX = 4_096


def _known_broad(session: Session) -> set[tuple[str, str]]:
    """The :data:`_BROAD` entries of the session's engine, under the caps in force (tests change them)."""
    per_engine = _BROAD.setdefault(session.get_bind(), {})
    known = per_engine.setdefault((_FEW_KEYS, BIG_CAP, COUNT_CAP), set())
    if len(known) > _BROAD_MAX:
        known.clear()
    return known


def _sparsest(session: Session, tokens: list[str]) -> list[tuple[str, int]]:
    """Tokens that are one key each, all past COUNT_CAP, from the one with the fewest customers,
    each with the span of customer ids its first ``_MARK`` rows cover (wider: sparser).

    A key's rows are in customer_id order, and customers are spread alike over ids whatever
    their address: the key whose ``_MARK``-th row has the highest customer id is the sparsest
    (22幢 rather than 2单元). Each such row is found by walking ``_MARK`` index entries (a
    thousand tell 11幢 from 104室 well enough; COUNT_CAP cost five times more).
    """
    key, cid = _K.key, _K.customer_id
    marks = [select(cid).where(key >= t, key < t + _TOP).order_by(key, cid).offset(offset).limit(1)
             .scalar_subquery() for t in tokens for offset in (0, _MARK - 1)]
    found = session.connection().execute(select(*marks)).one()
    spans = [(found[2 * n + 1].int - found[2 * n].int, t) for n, t in enumerate(tokens)
             if found[2 * n] is not None and found[2 * n + 1] is not None]
    return [(t, span) for span, t in sorted(spans, reverse=True)]


def _page_end(session: Session, prefix: str, after: tuple[str, uuid.UUID] | None,
              page: int) -> tuple[str, uuid.UUID] | None:
    """The (key, customer_id) of the ``page``-th key starting with ``prefix`` after ``after``,
    or None when there are fewer: a statement then reads at most ``page`` of the driver's keys."""
    key, cid = _K.key, _K.customer_id
    stmt = (select(key, cid).where(key >= prefix, key < prefix + _TOP)
            .order_by(key, cid).offset(page - 1).limit(1))
    if after is not None:
        stmt = stmt.where(tuple_(key, cid) > tuple_(*after))
    row = session.connection().execute(stmt).first()
    return (row[0], row[1]) if row is not None else None


def _driver_rows(prefix: str, after: tuple[str, uuid.UUID] | None,
                 end: tuple[str, uuid.UUID] | None) -> Select[str, uuid.UUID, int]:
    """The driver's keys after ``after`` up to ``end`` (included), in (key, customer_id) order."""
    key, cid = _K.key, _K.customer_id
    stmt = select(key, cid, _K.kind).where(
        key >= bindparam("low", prefix, literal_execute=True),
        key < bindparam("high", prefix + _TOP, literal_execute=True)).order_by(key, cid)
    if after is not None:
        stmt = stmt.where(tuple_(key, cid) > tuple_(*after))
    if end is not None:
        stmt = stmt.where(tuple_(key, cid) <= tuple_(*end))
    return stmt


def _token_condition(alias: Any, token: str, keys: list[str] | None, tag: int = 0) -> ColumnElement[bool]:
    """``alias``'s key starts with ``token``: one of its ``keys``, or in one of its key ranges.

    The keys go into the SQL text: PostgreSQL prepares a statement run five times (psycopg)
    and may then plan it for any key — a bitmap scan, 40 ms instead of 2.
    """
    if keys is not None:
        return alias.c.key.in_(bindparam(f"keys_{tag}", keys, expanding=True, literal_execute=True))
    return or_(*(and_(alias.c.key >= bindparam(f"low_{tag}_{n}", prefix, literal_execute=True),
                      alias.c.key < bindparam(f"high_{tag}_{n}", prefix + _TOP, literal_execute=True))
                 for n, prefix in enumerate(key_prefixes(token))))


def _token_filter(token: str, keys: list[str] | None, tag: int, hashed: bool = False) -> ColumnElement[bool]:
    """The driver's customer has a key starting with ``token`` (see _all_tokens_match); ``hashed``:
    among the customers of ``keys``, read once (IN), rather than a seek per row."""
    other = _KEYS.alias()
    if keys is None or hashed:
        return _K.customer_id.in_(select(other.c.customer_id).where(_token_condition(other, token, keys, tag)))
    # A scalar subquery, not EXISTS: PostgreSQL may run an EXISTS as a hashed set of all the
    # key's rows (132,000 for 2单元, 40 ms) where a seek per row read is what a LIMIT needs.
    seek = (select(literal(1)).where(_token_condition(other, token, keys, tag),
                                     other.c.customer_id == _K.customer_id).limit(1).scalar_subquery())
    return seek.is_not(None)


def _row_prefilter(token: str) -> ColumnElement[bool] | None:
    """A condition every customer whose keys ``token`` starts meets, checked on its row in SQL;
    None when there is none to check cheaply.

    A token of Chinese characters and digits can only start a name or an address key (account,
    phone, ID and meter numbers are ASCII; pinyin initials are letters), and those are pieces of
    the name (spaces taken out) and of the address. Tokens with letters are left out: case
    folding differs between Python and the databases.
    """
    if token.isascii() or token.lower() != token.upper():
        return None
    name = func.replace(func.replace(Customer.name, " ", ""), "\u3000", "")
    # A scalar subquery, not EXISTS: PostgreSQL ran the EXISTS as a hashed set of every
    # customer whose address contains the token — a scan of the customer table (临平区迎宾路: 400 ms).
    row = (select(literal(1)).where(Customer.id == _K.customer_id,
                                    or_(Customer.supply_address.contains(token, autoescape=True),
                                        name.contains(token, autoescape=True)))
           .limit(1).scalar_subquery())
    return row.is_not(None)


def _token_kind_column(token: str, keys: list[str], tag: int) -> Any:
    """The kind of the driver's customer's key among ``keys``, as a column (a seek per row returned)."""
    other = _KEYS.alias()
    return (select(other.c.kind).where(_token_condition(other, token, keys, 100 + tag),
                                     other.c.customer_id == _K.customer_id)
            .limit(1).scalar_subquery())


def _token_kinds(session: Session, token: str, keys: list[str] | None, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The kind of a key starting with ``token``, for each of ``ids`` that has one."""
    among = _K.customer_id.in_(ids)
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL made the IN list an index condition: a walk of the token's whole key range
        # per id (南苑: 13,000 keys × 51 ids, 40 ms). As a filter (IS TRUE) the range is walked
        # once, index-only (the key and the id are the index); the kinds are then primary-key seeks.
        hit = select(_K.key, _K.customer_id).where(_token_condition(_KEYS, token, keys), among.is_(True)).subquery()
        row = _KEYS.alias()
        stmt = select(row.c.customer_id, row.c.kind).join_from(
            hit, row, and_(row.c.key == hit.c.key, row.c.customer_id == hit.c.customer_id))
    else:
        stmt = select(_K.customer_id, _K.kind).where(_token_condition(_KEYS, token, keys), among)
    return {cid: kind for cid, kind in session.connection().execute(stmt)}


def _distinct_keys(session: Session, token: str) -> list[str] | None:
    """The keys starting with ``token`` when there are at most ``_FEW_KEYS`` of them, else None.

    A loose index scan — each step seeks the next key after the last one — so a key shared
    by a hundred thousand customers costs one seek, not a hundred thousand rows. Keys of
    initials by another reading are included.
    """
    keys: list[str] = []
    for prefix in key_prefixes(token):
        keys += _distinct_prefix_keys(session, prefix)
        if len(keys) > _FEW_KEYS:
            return None
    return keys


def _distinct_prefix_keys(session: Session, token: str) -> list[str]:
    """Up to ``_FEW_KEYS`` + 1 distinct keys starting with ``token``, by a loose index scan."""
    key = _K.key
    top = token + _TOP
    first = select(key).where(key >= token, key < top).order_by(key).limit(1).scalar_subquery()
    steps = select(first.label("k"), literal_column("1").label("n")).cte("next_key", recursive=True)
    following = select(key).where(key > steps.c.k, key < top).order_by(key).limit(1).scalar_subquery()
    steps = steps.union_all(select(following, steps.c.n + 1).where(steps.c.k.is_not(None), steps.c.n <= _FEW_KEYS))
    return list(session.connection().scalars(select(steps.c.k).where(steps.c.k.is_not(None))))


def _row_matches(row: Any, tokens: list[str]) -> dict[str, int] | None:
    """The kind each token matched for the customer of ``row``, or None when one does not match."""
    fields = dict(account_no=row.account_no, name=row.name, phones=[row.phone, row.phone2], id_number=row.id_number,
                  meter_no=row.meter_no, address=row.supply_address)
    haystack = key_haystack(**fields)
    if not all(may_match(t, haystack) for t in tokens):
        return None  # most candidates end here, without building their keys
    # Pinyin initials are letters only: a token with another character (Chinese, a digit) starts
    # none of them, and reading the name's pinyin was most of the cost of this check.
    letters = any(all(ch.isalpha() and not is_cjk(ch) for ch in t) for t in tokens)
    keys = customer_keys(**fields, initials=None if letters else [])
    kinds: dict[str, int] = {}
    for token in tokens:
        kind = kind_of_match(keys, token)
        if kind is None:
            return None
        kinds[token] = kind
    return kinds
