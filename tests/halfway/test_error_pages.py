"""Error pages say what happened in the reader's language: refused (403 with the reason), and the
database unreachable (503 with Retry-After, not a 500). The real outage is in
tests/halfway/test_faults.py; here the database driver's error is raised on the first query."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import thread_by


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection failed: server closed the connection unexpectedly")


@pytest.mark.django_db
def test_an_unreachable_database_is_a_503_page_that_asks_to_retry(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    with connection.execute_wrapper(database_down):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    text = response.content.decode()
    assert "Halfway is back in a moment" in text
    assert "Something went wrong" not in text


@pytest.mark.django_db
def test_the_503_page_speaks_chinese_to_chinese_readers():
    client = Client(raise_request_exception=False, headers={"accept-language": "zh-CN"})
    with connection.execute_wrapper(database_down):
        response = client.get("/")
    assert response.status_code == 503
    assert "Halfway 马上回来" in response.content.decode()


@pytest.mark.django_db
def test_any_other_failure_is_still_a_500():
    def broken(execute, sql, params, many, context):
        raise ZeroDivisionError

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(broken):
        response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_a_refusal_gives_its_reason_in_the_readers_language(member, other_member, client_for):
    post = thread_by(member).posts.get()
    response = client_for(other_member).get(f"/p/{post.pk}/edit/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "只有作者才能编辑这条内容。" in text
    assert "你不能在这里这样做" in text
