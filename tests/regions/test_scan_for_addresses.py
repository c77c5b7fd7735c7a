"""The scan an operator runs (and the soak runs) to check that no raw address was kept."""

import pytest
from django.core.management import CommandError, call_command

from regions.scan import addresses_in
from tests.factories import reply_by, thread_by


def test_public_addresses_are_found_and_the_servers_own_are_not():
    text = (
        "from 8.8.8.8 and 2001:4860:4860::8888 and ::ffff:114.114.114.114; "
        "db at 127.0.0.1:5432, 10.0.0.3, ::1; version 3.11.7, time 04:57:30, 1.2.3.4.5"
    )
    assert addresses_in(text) == ["8.8.8.8", "2001:4860:4860::8888", "::ffff:114.114.114.114"]
    assert addresses_in("10.0.0.3 here", looked_for=frozenset({"10.0.0.3"})) == ["10.0.0.3"]


@pytest.mark.django_db
def test_a_clean_site_passes(member, capsys):
    reply_by(member, thread_by(member), body="Writing from Texas, version 3.11.7")
    call_command("scan_for_addresses")
    assert "No IP address found in the database." in capsys.readouterr().out


@pytest.mark.django_db
def test_an_address_in_any_column_or_log_is_reported_with_where_it_is(member, tmp_path, capsys):
    reply = reply_by(member, thread_by(member), body="my address is 81.2.69.142")
    log = tmp_path / "web.log"
    log.write_text("ok\nGET / from 200.147.67.142\n")
    with pytest.raises(CommandError, match="3 IP addresses found"):
        call_command("scan_for_addresses", "--log", str(log))
    out = capsys.readouterr().out
    assert f"81.2.69.142\tforum_post.body (id {reply.pk})" in out
    assert f"81.2.69.142\tforum_post.body_html (id {reply.pk})" in out
    assert f"200.147.67.142\t{log}:2" in out
