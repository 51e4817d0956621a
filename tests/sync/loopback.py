"""The real sync service on loopback for tests: uvicorn in a thread on 127.0.0.1, a free port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from app.sync import triggers
from app.sync.server import create_app
from db.engine import Database


@contextmanager
def serving(db: Database, *, cert: str | None = None, key: str | None = None, **app_options: object) -> Iterator[str]:
    """Serve ``create_app(db)`` on 127.0.0.1 (a port the OS picks); yields the base URL. The
    centre's feed triggers are installed first, as ``main.py sync-server`` does."""
    with db.engine.begin() as conn:
        triggers.install_centre_feed(conn)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(db, **app_options),  # type: ignore[arg-type]
        log_config=None,
        access_log=False,
        lifespan="off",
        ssl_certfile=cert,
        ssl_keyfile=key,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the sync service did not start")
        time.sleep(0.02)
    try:
        yield f"{'https' if cert else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
