"""`manage.py shell -c`, kept running: the browser tests set up their data through it, one
Django start per test process instead of one per snippet (each start costs about a second of
CPU, taken from the live site the tests are measuring against).

Reads one JSON string of code per line from stdin; runs it as `shell -c` would (the same
globals and automatic model imports, a fresh namespace each time); answers one JSON line:
{"ok": bool, "output": what it printed, or its traceback}.
"""

import contextlib
import io
import json
import os
import sys
import traceback

import django

# Answers go to the pipe the test reads; anything else written to stdout (a log handler) goes
# to stderr instead, and cannot break a line of JSON.
answers = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
django.setup()

from django.core.management.commands import shell  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

NAMESPACE = {**vars(shell), **shell.Command().get_namespace()}

for line in sys.stdin:
    code = json.loads(line)
    printed = io.StringIO()
    ok = True
    # As a new process would start: a new database connection (a fault test restarts the
    # database between snippets), no language or time zone an earlier snippet activated.
    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):  # PostgreSQL's pool would hand back a dead one
            connection.close_pool()
    translation.deactivate()
    timezone.deactivate()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            exec(compile(code, "<run_python>", "exec"), dict(NAMESPACE))  # noqa: S102 (the tests' own code)
        except Exception:
            ok = False
            traceback.print_exc()
    answers.write(json.dumps({"ok": ok, "output": printed.getvalue()}) + "\n")
    answers.flush()
