"""A DeepL-API-compatible HTTP server for tests: the real `deepl` client talks to it over HTTP.

It speaks the subset Halfway uses (`POST /v2/translate` with form or JSON bodies, `GET /v2/usage`,
`GET /v2/languages`, and v2 glossaries: create, list, get, delete), checks the `DeepL-Auth-Key`
header, returns deterministic translations ("[ZH-HANS] " + the text, tags kept, a glossary's
terms put in outside elements marked translate="no"), records every request, and can be told to
fail (403, 429, 456, 500), to answer slowly, or never to answer (`hang_on`).
"""

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

AUTH_KEY = "test-deepl-key:fx"


@dataclass
class Behaviour:
    fail_with: int | None = None  # answer every translate request with this status
    fail_times: int = 0  # ...only this many times, then succeed (0: always, while fail_with)
    delay_seconds: float = 0.0
    # A request with a text containing this never gets an answer (until reset): DeepL hung.
    # Nothing is translated, so nothing is billed.
    hang_on: str = ""
    inject: str = ""  # appended to every translation: what a hostile answer could carry
    requests: list[dict] = field(default_factory=list)
    characters: int = 0
    glossaries: dict[str, dict] = field(default_factory=dict)
    glossary_requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    # One entry per coming glossary creation, taken in order: a status to refuse it with, or
    # None to make it (`[None, 456]`: the first is made, the second refused).
    glossary_creation_failures: list[int | None] = field(default_factory=list)
    usage_requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    released: threading.Event = field(default_factory=threading.Event)

    def reset(self, *, forget_glossaries: bool = True) -> None:
        with self.lock:
            self.fail_with = None
            self.fail_times = 0
            self.delay_seconds = 0.0
            self.hang_on = ""
            self.released.set()  # hung requests end (unanswered: their callers are gone)
            self.released = threading.Event()
            self.inject = ""
            self.requests.clear()
            self.usage_requests = 0
            self.characters = 0
            if forget_glossaries:
                self.glossaries.clear()
            self.glossary_requests.clear()
            self.glossary_creation_failures.clear()


def fake_translation(text: str, target: str, glossary: dict[str, str] | None = None) -> str:
    if glossary:
        text = apply_glossary(text, glossary)
    return f"[{target}] {text}"


_KEPT_ELEMENT = re.compile(r"(<(\w+)[^>]*translate=\"no\"[^>]*>.*?</\2>)", re.DOTALL)
_glossary_ids = itertools.count(1)


def apply_glossary(text: str, entries: dict[str, str]) -> str:
    """Put each term's fixed translation in, leaving elements marked translate="no" alone."""
    terms = sorted(entries, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    lowered = {term.lower(): translation for term, translation in entries.items()}
    pieces = _KEPT_ELEMENT.split(text)
    out = []
    skip = False
    for index, piece in enumerate(pieces):
        if skip:  # the tag name group that re.split adds after each kept element
            skip = False
            continue
        if index % 3 == 1:
            out.append(piece)
            skip = True
        else:
            out.append(pattern.sub(lambda match: lowered[match.group(0).lower()], piece))
    return "".join(out)


def glossary_info(glossary_id: str, glossary: dict) -> dict:
    return {
        "glossary_id": glossary_id,
        "name": glossary["name"],
        "ready": True,
        "source_lang": glossary["source_lang"].lower(),
        "target_lang": glossary["target_lang"].lower(),
        "creation_time": "2026-11-23T10:00:00.000000Z",
        "entry_count": len(glossary["entries"]),
    }


class Handler(BaseHTTPRequestHandler):
    behaviour: Behaviour

    def log_message(self, format, *args):  # quiet: tests read the recorded requests instead
        pass

    def _send(self, status: int, body: dict | list | None = None) -> None:
        payload = b"" if status == 204 else json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        return header == f"DeepL-Auth-Key {AUTH_KEY}"

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if "json" in (self.headers.get("Content-Type") or ""):
            return json.loads(raw or "{}")
        parsed = parse_qs(raw)
        form = {key: values[-1] for key, values in parsed.items()}
        form["text"] = parsed.get("text", [])
        return form

    def do_GET(self):
        if not self._authorised():
            return self._send(403, {"message": "Authorization failure"})
        if self.path.startswith("/v2/glossaries"):
            return self._glossaries("GET")
        if self.path.startswith("/v2/usage"):
            with self.behaviour.lock:
                self.behaviour.usage_requests += 1
            if self.behaviour.delay_seconds:
                time.sleep(self.behaviour.delay_seconds)
            return self._send(
                200, {"character_count": self.behaviour.characters, "character_limit": 500000}
            )
        if self.path.startswith("/v2/languages"):
            return self._send(
                200,
                [
                    {"language": "EN-US", "name": "English (American)"},
                    {"language": "ZH-HANS", "name": "Chinese (simplified)"},
                ],
            )
        return self._send(404)

    def do_DELETE(self):
        if not self._authorised():
            return self._send(403, {"message": "Authorization failure"})
        return self._glossaries("DELETE")

    def _glossaries(self, method: str, form: dict | None = None):
        behaviour = self.behaviour
        glossary_id = self.path.split("?")[0].removeprefix("/v2/glossaries").strip("/")
        if method == "POST" and behaviour.delay_seconds:
            time.sleep(behaviour.delay_seconds)
        with behaviour.lock:
            behaviour.glossary_requests.append((method, self.path))
            if method == "POST":
                refusal = (
                    behaviour.glossary_creation_failures.pop(0)
                    if behaviour.glossary_creation_failures
                    else None
                )
                if refusal:
                    return self._send(refusal, {"message": f"fake failure {refusal}"})
                entries = dict(
                    line.split("\t", 1) for line in form["entries"].splitlines() if "\t" in line
                )
                glossary_id = f"fake-glossary-{next(_glossary_ids)}"
                behaviour.glossaries[glossary_id] = {**form, "entries": entries}
                return self._send(
                    201, glossary_info(glossary_id, behaviour.glossaries[glossary_id])
                )
            if not glossary_id:
                return self._send(
                    200,
                    {"glossaries": [glossary_info(k, v) for k, v in behaviour.glossaries.items()]},
                )
            if glossary_id not in behaviour.glossaries:
                return self._send(404, {"message": "Glossary not found"})
            if method == "DELETE":
                del behaviour.glossaries[glossary_id]
                return self._send(204)
            return self._send(200, glossary_info(glossary_id, behaviour.glossaries[glossary_id]))

    def do_POST(self):
        if not self._authorised():
            return self._send(403, {"message": "Authorization failure"})
        if self.path.startswith("/v2/glossaries"):
            return self._glossaries("POST", self._form())
        if not self.path.startswith("/v2/translate"):
            return self._send(404)
        form = self._form()
        behaviour = self.behaviour
        with behaviour.lock:
            behaviour.requests.append(form)
            failing = behaviour.fail_with
            if failing and behaviour.fail_times:
                behaviour.fail_times -= 1
                if behaviour.fail_times == 0:
                    behaviour.fail_with = None
        texts = form.get("text") or []
        if isinstance(texts, str):
            texts = [texts]
        if behaviour.hang_on and any(behaviour.hang_on in text for text in texts):
            behaviour.released.wait(timeout=600)
            self.close_connection = True
            return None
        if behaviour.delay_seconds:
            time.sleep(behaviour.delay_seconds)
        if failing:
            return self._send(failing, {"message": f"fake failure {failing}"})
        target = (form.get("target_lang") or "").upper()
        source = (form.get("source_lang") or "").upper() or None
        glossary = None
        if form.get("glossary_id"):
            glossary = behaviour.glossaries.get(form["glossary_id"])
            if glossary is None:
                return self._send(404, {"message": "Glossary not found"})
            if not source:
                return self._send(400, {"message": "source_lang is required with a glossary"})
        translations = []
        for text in texts:
            with behaviour.lock:
                behaviour.characters += len(text)
            detected = source or ("ZH" if any("\u4e00" <= c <= "\u9fff" for c in text) else "EN")
            translations.append(
                {
                    "detected_source_language": detected,
                    "text": fake_translation(text, target, glossary and glossary["entries"])
                    + behaviour.inject,
                    "billed_characters": len(text),
                }
            )
        return self._send(200, {"translations": translations})


class FakeDeepL:
    """Start with `FakeDeepL().start()`; `url` is what DEEPL_SERVER_URL should be."""

    def __init__(self):
        self.behaviour = Behaviour()
        handler = type("BoundHandler", (Handler,), {"behaviour": self.behaviour})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "FakeDeepL":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.behaviour.released.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def translate_requests(self) -> list[dict]:
        return list(self.behaviour.requests)
