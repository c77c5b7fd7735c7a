"""Row ids as they arrive in paths, query strings, forms and socket frames.

Every table's key is a 64-bit integer (`BigAutoField`). A larger number is no row's id, but the
database drivers refuse it rather than find nothing (PostgreSQL: "bigint out of range"; SQLite:
OverflowError), so ids are checked here, at the edge, and never reach a query out of range.
"""

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id `value` spells (decimal digits, within 0..MAX_ID), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdecimal():
        number = int(value)
    else:
        return None
    return number if 0 <= number <= MAX_ID else None


class IdConverter:
    """`<id:thread_id>` in a URL: digits that can be a row's id; anything else resolves to 404."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError("not a row's id")  # Django answers 404: no URL matches
        return number

    def to_url(self, value) -> str:
        return str(value)
