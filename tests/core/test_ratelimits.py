"""The rate limits' fixed windows, on a clock the test moves (tests/conftest.py stops it)."""

from core import ratelimits

MEMBER_ID = 7


def test_a_count_holds_within_a_window_and_starts_again_in_the_next(monkeypatch):
    monkeypatch.setattr(ratelimits, "_now", lambda: 6_000_059.0)  # a second before an edge
    assert ratelimits.within_limit("test", MEMBER_ID, (2, 60))
    assert ratelimits.within_limit("test", MEMBER_ID, (2, 60))
    assert not ratelimits.within_limit("test", MEMBER_ID, (2, 60))

    monkeypatch.setattr(ratelimits, "_now", lambda: 6_000_060.0)  # the next window
    assert ratelimits.within_limit("test", MEMBER_ID, (2, 60))


def test_inside_a_test_the_clock_of_the_windows_stands_still():
    # What keeps a test's counts in one window however slowly its steps run.
    assert ratelimits._now() == ratelimits._now() == 1_000_000.0
