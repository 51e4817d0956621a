"""The demo-data generator as a child process: ``python -m app.demo.worker``.

Reads a pickled :class:`app.demo.loader.Plan` from stdin and writes pickled
``("batch", (rows, key_lines, stats))`` frames, then ``("done", None)`` (or ``("error", text)``)
to stdout. A plain subprocess rather than ``multiprocessing``: spawn would re-import the
caller's ``__main__`` (scripts without a main guard break), fork would copy a process that may
hold SQLite handles and locked locks. The pipe's small buffer keeps the worker one batch ahead.
"""

from __future__ import annotations

import pickle
import sys
import traceback


def main() -> int:
    from app.demo.loader import produce

    out = sys.stdout.buffer
    try:
        plan = pickle.load(sys.stdin.buffer)
        for item in produce(plan, text_keys=True):
            pickle.dump(("batch", item), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
        pickle.dump(("done", None), out, protocol=pickle.HIGHEST_PROTOCOL)
    except BrokenPipeError:  # the loader gave up (error or interrupt): nothing left to say
        return 1
    except BaseException:
        pickle.dump(("error", traceback.format_exc()), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
