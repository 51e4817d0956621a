"""Child process of the memory figure: ``python -m tests.benchmarks.memory_probe DB_URL SEARCHES TOTAL``.

Opens the database through the app services, loads the Qt UI (QApplication offscreen, every
``ui`` module imported, the main window built and shown when it can be), runs searches of every
kind and opens customer views, then prints one JSON line with the resident set size (psutil).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import pkgutil
import random
import sys


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import psutil

    from app.config import Settings
    from app.services import auth
    from app.services.customers import customer_history, get_customer
    from app.services.search import search_customers
    from app.services.setup import local_node, open_database
    from tests.benchmarks.figures import KINDS, build_queries, customer_ids, sample_customers

    db_url, searches, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    proc = psutil.Process()
    peak = 0

    def sample() -> None:
        nonlocal peak
        peak = max(peak, proc.memory_info().rss)

    settings = Settings(db_url=db_url)
    db = open_database(settings)
    actor = auth.login(db, "demo01", "Demo1234")

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import ui

    imported, failed = 0, []
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        try:
            importlib.import_module(info.name)
            imported += 1
        except Exception as exc:  # another engineer's module mid-change: say so, measure the rest
            failed.append(f"{info.name} ({type(exc).__name__})")
    main_window = "not built"
    try:
        from ui.context import UiContext
        from ui.main_window import MainWindow
        from ui.tasks import TaskRunner

        ctx = UiContext(settings=settings, db=db, node=local_node(db), tasks=TaskRunner())
        ctx.actor = actor
        window = MainWindow(ctx)
        window.show()
        app.processEvents()
        main_window = "built and shown"
    except Exception as exc:
        main_window = f"not built ({type(exc).__name__}: {str(exc)[:80]})"
    sample()

    rng = random.Random(99)
    people = sample_customers(db, searches, total, rng)
    per_kind = max(1, searches // len(KINDS))
    queries = build_queries(people, rng, per_kind)
    done = 0
    for kind in KINDS:
        for text, _ in queries[kind]:
            search_customers(db, actor, text)
            done += 1
            if done % 25 == 0:
                sample()
                app.processEvents()
    ids = customer_ids(db, [p.account_no for p in people[:50]])
    for cid in ids:
        get_customer(db, actor, cid)
        customer_history(db, actor, cid)
    gc.collect()
    app.processEvents()
    sample()
    rss = proc.memory_info().rss
    print(json.dumps({"rss_mb": rss / 2**20, "peak_mb": max(peak, rss) / 2**20, "searches": done,
                      "views": len(ids), "ui_modules": imported, "ui_failed": failed,
                      "main_window": main_window}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
