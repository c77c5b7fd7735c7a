"""Halfway installs to a phone's home screen: the web app manifest, its icons, the service
worker and the offline page it keeps are served from the site's root, and every page names
the manifest."""

import io
import json

import pytest
from django.test import Client
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_manifest_describes_an_installable_app_whose_icons_are_served():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(b"".join(response.streaming_content))
    assert manifest["name"] == "Halfway"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        served = Client().get(icon["src"])
        assert served.status_code == 200, icon["src"]
        image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
        width, height = (int(side) for side in icon["sizes"].split("x"))
        assert image.format == "PNG" and image.size == (width, height), icon["src"]
        sizes.add(icon["sizes"])
    # What browsers ask of an installable app: a 192 and a 512 pixel icon.
    assert {"192x192", "512x512"} <= sizes


def test_the_service_worker_and_the_offline_page_are_served_from_the_root():
    worker = Client().get("/sw.js")
    assert worker.status_code == 200
    assert "javascript" in worker["Content-Type"]
    script = b"".join(worker.streaming_content).decode()
    offline = Client().get("/offline.html")
    assert offline.status_code == 200
    page = b"".join(offline.streaming_content).decode()
    # In both languages, whichever the reader chose: the page is kept before it is needed.
    assert "You are offline" in page and "你现在处于离线状态" in page
    for kept in ("/offline.html", "/offline.css", "/icon-192.png"):
        assert kept in script
        assert Client().get(kept).status_code == 200


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_names_the_manifest_and_registers_the_worker(language):
    page = Client(headers={"accept-language": language}).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert "js/install" in page
