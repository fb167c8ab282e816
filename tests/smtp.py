"""A real SMTP server in the test process (aiosmtpd), collecting what it receives."""

from __future__ import annotations

import socket
import time
from email import message_from_bytes, policy
from typing import List

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: List = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 20.0) -> List:
        deadline = time.time() + timeout
        while len(self.messages) < count and time.time() < deadline:
            time.sleep(0.1)
        return self.messages

    def wait_for_subject(self, text: str, timeout: float = 20.0) -> List:
        """The messages whose subject contains ``text``, once at least one has arrived
        (notices are delivered in the background, after the chat has answered)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.messages if text in m["Subject"]]
            if found:
                return found
            time.sleep(0.1)
        return []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    def __init__(self, port: int = 0) -> None:
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def restart(self) -> None:
        """Come back on the same port, keeping what was received."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
