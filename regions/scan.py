"""Look for IP addresses where none may be: every text column of every table, and log files.

Halfway keeps a region tag per post and message and never the address it came from. This scan
is how an operator (and the soak test) checks that promise on a real database: it reports
public addresses (and any address it is told to look for) with where they were found.
Loopback and private addresses are the servers' own (a log line about the database at
127.0.0.1) and are not reported unless asked for.
"""

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(
    r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}"
    r"(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?![0-9A-Fa-f:])"
)
_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)
_BATCH = 2000


@dataclass(frozen=True)
class Finding:
    address: str
    where: str  # "forum_post.body (id 12)" or "web.log:340"


def addresses_in(text: str, *, looked_for: frozenset[str] = frozenset()) -> list[str]:
    """Public addresses in `text`, and any of `looked_for`, as written, in order."""
    found: list[tuple[int, int, str]] = []
    for pattern in (_IPV6, _IPV4):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start >= seen_start and end <= seen_end for seen_start, seen_end, _ in found):
                continue  # the IPv4 tail of an IPv6 address already found
            candidate = match.group(0)
            try:
                address = ipaddress.ip_address(candidate)
            except ValueError:
                continue
            mapped = getattr(address, "ipv4_mapped", None)
            if address.is_global or (mapped and mapped.is_global) or candidate in looked_for:
                found.append((start, end, candidate))
    return [candidate for _start, _end, candidate in sorted(found)]


def scan_database(*, looked_for: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """Every text column of every model's table, row by row (in batches, by primary key)."""
    for model in apps.get_models(include_auto_created=True):
        fields = [field for field in model._meta.concrete_fields if isinstance(field, _TEXT_FIELDS)]
        if not fields:
            continue
        names = [field.attname for field in fields]
        rows = model._base_manager.order_by("pk").values_list("pk", *names)
        last = None
        while True:
            batch = list((rows.filter(pk__gt=last) if last is not None else rows)[:_BATCH])
            if not batch:
                break
            for pk, *values in batch:
                for name, value in zip(names, values, strict=True):
                    if value:
                        for address in addresses_in(str(value), looked_for=looked_for):
                            yield Finding(address, f"{model._meta.db_table}.{name} (id {pk})")
            last = batch[-1][0]


def scan_files(paths: Iterable[Path], *, looked_for: frozenset[str] = frozenset()):
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, start=1):
                for address in addresses_in(line, looked_for=looked_for):
                    yield Finding(address, f"{path}:{number}")
