"""A WebSocket client for consumer tests, on asgiref's ApplicationCommunicator.

channels.testing would do, but importing it pulls in daphne (its live-server test case),
which Halfway does not run; this keeps the test dependencies to what the app uses.
"""

import json
from urllib.parse import unquote, urlparse

from asgiref.testing import ApplicationCommunicator


class SocketClient(ApplicationCommunicator):
    def __init__(self, application, path: str, headers=None):
        parsed = urlparse(path)
        scope = {
            "type": "websocket",
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode(),
            "headers": headers or [],
            "subprotocols": [],
        }
        super().__init__(application, scope)

    async def connect(self, timeout: float = 1) -> tuple[bool, int | None]:
        """(True, None) when accepted; (False, close code) when refused or closed at once."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept", response
        return True, None

    async def send_json_to(self, data) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = 1):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)
