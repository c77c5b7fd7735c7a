"""The S3 media backend against a local S3-compatible server (moto's server mode, over HTTP):
set up by the same variables an operator sets, written by the real services, read back
through the site with the same permission check as the local folder."""

import hashlib
import runpy

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from core.storage import PrivateS3Storage
from forum.models import PostImage
from halfway.settings import base as base_settings
from moderation import services as moderation_services
from tests.factories import MemberFactory, reply_by, thread_by
from tests.halfway.test_media import photo

pytestmark = pytest.mark.django_db

BUCKET = "halfway-media-test"


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path):
    """A new bucket, and the settings base.py makes of the variables that name it."""
    secret_file = tmp_path / "secret"
    secret_file.write_text("not-a-real-secret\n")
    for name, value in {
        "MEDIA_S3_BUCKET": BUCKET,
        "MEDIA_S3_ENDPOINT_URL": s3_server,
        "MEDIA_S3_REGION": "eu-west-1",
        "MEDIA_S3_ACCESS_KEY_ID": "halfway-test",
        "MEDIA_S3_SECRET_ACCESS_KEY_FILE": str(secret_file),
    }.items():
        monkeypatch.setenv(name, value)
    from_environment = runpy.run_path(base_settings.__file__)["STORAGES"]["default"]
    assert from_environment["BACKEND"] == "core.storage.PrivateS3Storage"
    assert from_environment["OPTIONS"]["secret_key"] == "not-a-real-secret"

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-1",
        aws_access_key_id="halfway-test",
        aws_secret_access_key="not-a-real-secret",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": from_environment}
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_post_photo_is_stored_in_the_bucket_and_read_back_through_the_site(
    bucket, member, other_member, moderator, client_for, anonymous, settings
):
    assert isinstance(default_storage, PrivateS3Storage)
    thread = thread_by(MemberFactory(username="host", display_name="Host"))
    reply = reply_by(member, thread, images=[photo((120, 60, 10))])
    image = PostImage.objects.get(post=reply)

    stored = {entry["Key"] for entry in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert stored == {image.image.name, image.thumbnail.name}
    for name in stored:  # and not in the local folder
        assert not (settings.MEDIA_ROOT / name).exists()
    # Pages link to the site, never to the bucket.
    assert image.image.url == f"/media/{image.image.name}"
    page = anonymous.get(thread.get_absolute_url()).content.decode()
    assert image.thumbnail.url in page

    for field in (image.image, image.thumbnail):
        in_bucket = bucket.get_object(Bucket=BUCKET, Key=field.name)["Body"].read()
        digest = hashlib.sha256(in_bucket).hexdigest()
        assert field.name == f"posts/{digest[:2]}/{digest}.webp"
        response = anonymous.get(field.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == in_bucket
        assert response["Content-Type"] == "image/webp"

    moderation_services.hide_post(moderator=moderator, post=reply, reason="Spoilers")
    for client, status in (
        (anonymous, 404),
        (client_for(other_member), 404),
        (client_for(member), 200),
        (client_for(moderator), 200),
    ):
        for url in (image.image.url, image.thumbnail.url):
            assert client.get(url).status_code == status


def test_a_name_no_row_has_is_missing_even_when_it_is_in_the_bucket(bucket, anonymous):
    bucket.put_object(Bucket=BUCKET, Key="posts/1-0.webp", Body=b"RIFF an old file")
    assert anonymous.get("/media/posts/1-0.webp").status_code == 404
