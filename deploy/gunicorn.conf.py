"""gunicorn's settings for the `web` role (`deploy/start web`): Django's pages over HTTP.

Sockets (/ws/) are the `ws` role's (uvicorn); the proxy in front (deploy/Caddyfile) splits the
two by path. A command-line option given to `deploy/start web` wins over the value here.
"""

import os
import re

from gunicorn.glogging import Logger

bind = "0.0.0.0:8000"
# Sync workers: each answers one request at a time, so a few more than the cores keep them
# busy while some wait on the database. WEB_CONCURRENCY (README) sets the number.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)
# The app is loaded once, in the master, which loads the language models before it forks
# (when_ready): the workers share one copy of them (read-only memory outside Python's heap),
# and no worker's first post waits 0.8 s for them. Nothing opens a connection at import.
preload_app = True
# A worker silent this long is killed and replaced; a stop waits this long for requests.
timeout = 30
graceful_timeout = 30

# No access log: it would record each client's address (accesslog is off unless set).
accesslog = None
loglevel = "warning"
# gunicorn trusts no peer's forwarding headers: REMOTE_ADDR stays the peer, and the app judges
# X-Forwarded-For against TRUSTED_PROXIES and X-Forwarded-Proto by SECURE_PROXY_SSL_HEADER, as
# under uvicorn's --no-proxy-headers.
forwarded_allow_ips = ""
# The control socket lives under $HOME by default, one path for every gunicorn on the machine.
control_socket_disable = True


class AddressFreeLogger(Logger):
    """gunicorn's logger, with the client address taken out of its one line that names it
    ("Invalid request from ip=…"): logs carry no client addresses (ARCHITECTURE.md)."""

    CLIENT_ADDRESS = re.compile(r"\bip=\S+")

    def warning(self, msg, *args, **kwargs):
        super().warning(self.CLIENT_ADDRESS.sub("ip=(not logged):", str(msg)), *args, **kwargs)


logger_class = AddressFreeLogger


def when_ready(server) -> None:
    from translation.detection import load_models  # the app, so Django, is loaded by now

    load_models()
