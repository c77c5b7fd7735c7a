"""Each member's live events, numbered, with the recent ones kept so a page can catch up.

Every frame published to a member carries `seq`, one more than the member's previous frame,
whichever process published it. A page that sees a number skipped (a frame the channel layer
dropped, or one that went out while its socket was down) asks for the frames after the last
one it has; the log answers them, or says it no longer holds them all and the page refreshes
what they would have changed (Zulip's resume-from-an-event-id, kept to a few minutes).

The number and the log entry are written in one atomic step, so a frame is never on a socket
before it can be fetched. Production keeps both in Redis (one Lua call per publish for all
recipients); the embedded mode keeps them in a SQLite file of their own, as the channel layer
does, because the embedded cache cannot count atomically across web and worker processes.
"""

import json
import sqlite3
import threading
import time
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from core.channel_layer import thread_connection

# frames: member id -> frame (a JSON-able dict without "seq").
Frames = dict[int, dict]


class RedisEventLog:
    """Per member: a counter, and a sorted set of "<seq>:<json>" scored by seq."""

    APPEND = """
    local size, seconds = tonumber(ARGV[1]), tonumber(ARGV[2])
    local numbers = {}
    for index = 1, #KEYS, 2 do
        local seq = redis.call('INCR', KEYS[index])
        redis.call('EXPIRE', KEYS[index], 86400)
        local log = KEYS[index + 1]
        redis.call('ZADD', log, seq, seq .. ':' .. ARGV[2 + (index + 1) / 2])
        redis.call('ZREMRANGEBYRANK', log, 0, -size - 1)
        redis.call('EXPIRE', log, seconds)
        numbers[#numbers + 1] = seq
    end
    return numbers
    """

    def __init__(self, url: str, prefix: str, size: int = 300, seconds: int = 600) -> None:
        import redis  # only this log needs it: the embedded mode starts without loading it

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=1)
        self.prefix = prefix
        self.size = size
        self.seconds = seconds
        self._append = self.client.register_script(self.APPEND)

    def _keys(self, member_id: int) -> tuple[str, str]:
        return f"{self.prefix}:events:{member_id}:seq", f"{self.prefix}:events:{member_id}:log"

    def append(self, frames: Frames) -> dict[int, int]:
        if not frames:
            return {}
        members = sorted(frames)
        keys = [key for member_id in members for key in self._keys(member_id)]
        bodies = [json.dumps(frames[member_id], separators=(",", ":")) for member_id in members]
        numbers = self._append(keys=keys, args=[self.size, self.seconds, *bodies])
        return dict(zip(members, (int(number) for number in numbers), strict=True))

    def current(self, member_id: int) -> int:
        return int(self.client.get(self._keys(member_id)[0]) or 0)

    def after(self, member_id: int, seq: int) -> tuple[int, list[dict]]:
        counter, log = self._keys(member_id)
        pipeline = self.client.pipeline(transaction=True)
        pipeline.get(counter)
        pipeline.zrangebyscore(log, f"({seq}", "+inf")
        current, entries = pipeline.execute()
        frames = []
        for entry in entries:
            number, _, body = entry.decode().partition(":")
            frames.append({**json.loads(body), "seq": int(number)})
        return int(current or 0), frames

    def flush(self) -> None:
        """Forget every member's stream (tests start from nothing)."""
        for key in self.client.scan_iter(f"{self.prefix}:events:*", count=1000):
            self.client.delete(key)


SCHEMA = """
CREATE TABLE IF NOT EXISTS counter (member INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS entry (
    member INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (member, seq)
);
CREATE INDEX IF NOT EXISTS entry_at ON entry (at);
"""


class SQLiteEventLog:
    """The same in one SQLite file; each append is one immediate (write-locking) transaction."""

    def __init__(self, path: str, size: int = 300, seconds: int = 600) -> None:
        self.path = path
        self.size = size
        self.seconds = seconds
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        return thread_connection(self._local, self.path, SCHEMA)

    def append(self, frames: Frames) -> dict[int, int]:
        if not frames:
            return {}
        connection = self._connection()
        now = time.time()
        numbers = {}
        connection.execute("BEGIN IMMEDIATE")
        with connection:  # commits, or rolls back on any exception
            for member_id in sorted(frames):
                (seq,) = connection.execute(
                    "INSERT INTO counter (member, seq) VALUES (?, 1) "
                    "ON CONFLICT (member) DO UPDATE SET seq = seq + 1 RETURNING seq",
                    (member_id,),
                ).fetchone()
                connection.execute(
                    "INSERT INTO entry (member, seq, body, at) VALUES (?, ?, ?, ?)",
                    (member_id, seq, json.dumps(frames[member_id]), now),
                )
                connection.execute(
                    "DELETE FROM entry WHERE member = ? AND seq <= ?", (member_id, seq - self.size)
                )
                numbers[member_id] = seq
            connection.execute("DELETE FROM entry WHERE at < ?", (now - self.seconds,))
        return numbers

    def current(self, member_id: int) -> int:
        row = (
            self._connection()
            .execute("SELECT seq FROM counter WHERE member = ?", (member_id,))
            .fetchone()
        )
        return row[0] if row else 0

    def after(self, member_id: int, seq: int) -> tuple[int, list[dict]]:
        connection = self._connection()
        connection.execute("BEGIN")  # one snapshot for the counter and the entries
        try:
            current = self.current(member_id)
            rows = connection.execute(
                "SELECT seq, body FROM entry WHERE member = ? AND seq > ? AND at >= ? ORDER BY seq",
                (member_id, seq, time.time() - self.seconds),
            ).fetchall()
        finally:
            connection.execute("COMMIT")
        return current, [{**json.loads(body), "seq": number} for number, body in rows]

    def flush(self) -> None:
        """Forget every member's stream (tests start from nothing)."""
        connection = self._connection()
        connection.execute("DELETE FROM entry")
        connection.execute("DELETE FROM counter")


@cache
def _log_for(backend: str, options: tuple) -> RedisEventLog | SQLiteEventLog:
    return import_string(backend)(**dict(options))


def event_log() -> RedisEventLog | SQLiteEventLog:
    """This process's log, as the settings describe it."""
    config = settings.REALTIME_EVENT_LOG
    return _log_for(config["BACKEND"], tuple(sorted(config.get("OPTIONS", {}).items())))


def frames_after(member_id: int, seq: int) -> tuple[int, list[dict] | None]:
    """(the member's newest seq, the frames after `seq`), or frames None when the log no longer
    holds every one of them (trimmed, expired, or the count started again)."""
    current, frames = event_log().after(member_id, seq)
    if current == seq:
        return current, []
    if current < seq or [frame["seq"] for frame in frames] != list(range(seq + 1, current + 1)):
        return current, None
    return current, frames
