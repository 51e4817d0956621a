"""The write path's own records, written inside the caller's unit of work.

* :mod:`app.write_path.oplog` — the hash-chained operation log (one record per business
  operation; the audit trail and, later, the sync outbox).
* :mod:`app.write_path.numbers` — gap-free document numbers per node (receipts, bills, …).

Every service that changes rows goes through both; see docs/architecture.md.
"""
