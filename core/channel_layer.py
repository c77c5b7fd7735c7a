"""A Channels layer on one SQLite file, for the embedded mode (no Redis).

A worker that finishes a translation must reach the socket the web process holds, which the
in-memory layer cannot do: this one keeps messages and group memberships in a SQLite file of
its own (apart from the app's database, so it never competes for the app's write lock).

Delivery follows the channel layer specification: at most once, per-channel order kept,
messages expire after `expiry` seconds, a full channel refuses `send()` with ChannelFull
and is skipped by `group_send()`. Each process polls its own inbox (every channel created by
`new_channel()` in this process shares one inbox), so the cost of polling does not grow with
the number of open sockets. docs/architecture.md explains why this layer and not a package.
"""

import asyncio
import logging
import os
import sqlite3
import threading
import time
import uuid

import msgpack
from channels.exceptions import ChannelFull
from channels.layers import BaseChannelLayer

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS message (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inbox TEXT NOT NULL,
    channel TEXT NOT NULL,
    body BLOB NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS message_inbox ON message (inbox, id);
CREATE INDEX IF NOT EXISTS message_channel ON message (channel);
CREATE TABLE IF NOT EXISTS membership (
    grp TEXT NOT NULL,
    channel TEXT NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (grp, channel)
);
"""


def thread_connection(local: threading.local, path: str, schema: str) -> sqlite3.Connection:
    """This thread's connection to the SQLite file at `path` (WAL, `schema` created): one per
    thread and process, since a connection must not cross a fork."""
    connection = getattr(local, "connection", None)
    if connection is None or local.pid != os.getpid():
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        connection = sqlite3.connect(path, timeout=10, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(schema)
        local.connection = connection
        local.pid = os.getpid()
    return connection


class SQLiteChannelLayer(BaseChannelLayer):
    extensions = ["groups", "flush"]

    def __init__(
        self,
        path: str,
        expiry: int = 60,
        group_expiry: int = 86400,
        capacity: int = 100,
        channel_capacity=None,
        poll_interval: float = 0.05,
    ) -> None:
        super().__init__(expiry=expiry, capacity=capacity, channel_capacity=channel_capacity)
        self.path = path
        self.group_expiry = group_expiry
        self.poll_interval = poll_interval
        self.client_prefix = uuid.uuid4().hex[:12]
        self._local = threading.local()
        self._queues: dict[str, asyncio.Queue] = {}
        # Channels with a queue but no receiver yet, and since when (see _forget_unclaimed).
        self._unclaimed_since: dict[str, float] = {}
        self._poller: asyncio.Task | None = None
        self._polls = 0

    # --- SQLite, always called in a thread ------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        return thread_connection(self._local, self.path, SCHEMA)

    def _write(self, statements) -> object:
        """Run `statements(connection)` inside one immediate (write-locking) transaction."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        with connection:  # commits, or rolls back on any exception
            return statements(connection)

    def _insert(self, connection, channel: str, body: bytes, now: float) -> bool:
        (queued,) = connection.execute(
            "SELECT COUNT(*) FROM message WHERE channel = ? AND expires > ?", (channel, now)
        ).fetchone()
        if queued >= self.get_capacity(channel):
            return False
        connection.execute(
            "INSERT INTO message (inbox, channel, body, expires) VALUES (?, ?, ?, ?)",
            (self.non_local_name(channel), channel, body, now + self.expiry),
        )
        return True

    def _send_sync(self, channel: str, body: bytes) -> bool:
        return self._write(lambda c: self._insert(c, channel, body, time.time()))

    def _group_send_sync(self, group: str, body: bytes) -> None:
        def statements(connection):
            now = time.time()
            for (channel,) in connection.execute(
                "SELECT channel FROM membership WHERE grp = ? AND expires > ?", (group, now)
            ).fetchall():
                self._insert(connection, channel, body, now)  # a full channel is skipped

        self._write(statements)

    def _take_inbox_sync(self, inbox: str) -> list[tuple[str, bytes]]:
        def statements(connection):
            now = time.time()
            rows = connection.execute(
                "SELECT id, channel, body, expires FROM message WHERE inbox = ? ORDER BY id",
                (inbox,),
            ).fetchall()
            if rows:
                connection.execute(
                    "DELETE FROM message WHERE inbox = ? AND id <= ?", (inbox, rows[-1][0])
                )
            self._polls += 1
            if self._polls % 200 == 0:
                connection.execute("DELETE FROM message WHERE expires <= ?", (now,))
                connection.execute("DELETE FROM membership WHERE expires <= ?", (now,))
            return [(channel, body) for _, channel, body, expires in rows if expires > now]

        # Reading first keeps the idle poll (nothing queued) off the write lock.
        connection = self._connection()
        if (
            connection.execute("SELECT 1 FROM message WHERE inbox = ? LIMIT 1", (inbox,)).fetchone()
            is None
        ):
            return []
        return self._write(statements)

    def _take_one_sync(self, channel: str) -> bytes | None:
        def statements(connection):
            row = connection.execute(
                "SELECT id, body FROM message WHERE channel = ? AND expires > ? "
                "ORDER BY id LIMIT 1",
                (channel, time.time()),
            ).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM message WHERE id = ?", (row[0],))
            return row[1]

        return self._write(statements)

    # --- The channel layer interface ------------------------------------------------------

    async def send(self, channel, message):
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_channel_name(channel)
        assert "__asgi_channel__" not in message
        body = msgpack.packb(message, use_bin_type=True)
        if not await asyncio.to_thread(self._send_sync, channel, body):
            raise ChannelFull(channel)

    async def receive(self, channel):
        self.require_valid_channel_name(channel)
        if "!" in channel:
            queue = self._queue_for(channel)
            self._unclaimed_since.pop(channel, None)
            self._ensure_poller()
            try:
                return await queue.get()
            finally:
                # An empty queue is dropped (one-shot receivers such as /healthz would
                # otherwise leave one behind each); the poller makes a new one if needed.
                if queue.empty():
                    self._queues.pop(channel, None)
        while True:
            body = await asyncio.to_thread(self._take_one_sync, channel)
            if body is not None:
                return msgpack.unpackb(body, raw=False)
            await asyncio.sleep(self.poll_interval)

    async def new_channel(self, prefix="specific."):
        channel = f"{prefix}{self.client_prefix}!{uuid.uuid4().hex}"
        self._queue_for(channel)
        self._unclaimed_since[channel] = time.monotonic()
        return channel

    def _queue_for(self, channel: str) -> asyncio.Queue:
        if channel not in self._queues:
            # Bounded: a consumer that stops reading cannot make this process hoard messages.
            self._queues[channel] = asyncio.Queue(maxsize=self.get_capacity(channel))
        return self._queues[channel]

    def _deliver_locally(self, channel: str, body: bytes) -> None:
        if channel not in self._queues:
            self._unclaimed_since.setdefault(channel, time.monotonic())
        queue = self._queue_for(channel)
        try:
            queue.put_nowait(msgpack.unpackb(body, raw=False))
        except asyncio.QueueFull:
            logger.warning("channel %s is full; a message was dropped", channel)

    def _forget_unclaimed(self) -> None:
        """Drop queues nobody has received from for longer than a message lives."""
        cutoff = time.monotonic() - self.expiry
        for channel, since in list(self._unclaimed_since.items()):
            if since < cutoff:
                self._unclaimed_since.pop(channel, None)
                self._queues.pop(channel, None)

    def _ensure_poller(self) -> None:
        loop = asyncio.get_running_loop()
        if self._poller is None or self._poller.done() or self._poller.get_loop() is not loop:
            self._poller = loop.create_task(self._poll_inbox())

    async def _poll_inbox(self) -> None:
        while self._queues:
            for inbox in {self.non_local_name(channel) for channel in self._queues}:
                for channel, body in await asyncio.to_thread(self._take_inbox_sync, inbox):
                    self._deliver_locally(channel, body)
            self._forget_unclaimed()
            await asyncio.sleep(self.poll_interval)

    async def group_add(self, group, channel):
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)

        def statements(connection):
            connection.execute(
                "INSERT OR REPLACE INTO membership (grp, channel, expires) VALUES (?, ?, ?)",
                (group, channel, time.time() + self.group_expiry),
            )

        await asyncio.to_thread(self._write, statements)

    async def group_discard(self, group, channel):
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)

        def statements(connection):
            connection.execute(
                "DELETE FROM membership WHERE grp = ? AND channel = ?", (group, channel)
            )

        await asyncio.to_thread(self._write, statements)

    async def group_send(self, group, message):
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_group_name(group)
        body = msgpack.packb(message, use_bin_type=True)
        await asyncio.to_thread(self._group_send_sync, group, body)

    async def flush(self):
        def statements(connection):
            connection.execute("DELETE FROM message")
            connection.execute("DELETE FROM membership")

        await asyncio.to_thread(self._write, statements)
        self._queues.clear()
        self._unclaimed_since.clear()

    async def close(self):
        pass
