"""Shared fixtures: the trial definition and the engine, and (for end-to-end and browser
tests) one real stack per test session: SMTP server, action server, Rasa server, web page."""

import os
import tempfile
import time
import uuid

import pytest
import requests

# Tests never touch the developer's var/ keys: each run gets its own data key file.
os.environ.setdefault("PRESCREEN_DATA_KEY_FILE", os.path.join(tempfile.mkdtemp(prefix="prescreen-keys-"), "data-keys"))

from bot.screening import Screener
from bot.trial import load_trial
from tests.e2e.servers import ROOT, Stack
from tests.smtp import SmtpServer
from tools.vignettes import Client


@pytest.fixture(scope="session")
def trial():
    return load_trial()


@pytest.fixture(scope="session")
def engine(trial):
    return Screener(trial)


@pytest.fixture(scope="session")
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, smtp):
    s = Stack(tmp_path_factory.mktemp("e2e"), smtp.port)
    try:
        s.start()
    except Exception:
        s.stop()
        raise
    yield s
    s.stop()


@pytest.fixture(scope="session")
def web(stack):
    """The patient page, chat proxy and coordinator portal in front of the stack."""
    # Tests type faster than people: the limits themselves are tested with their own web server.
    process = stack.start_web(CHAT_RATE_PER_IP="100000", CHAT_RATE_PER_CONVERSATION="100000")
    # A fresh stack answers its first screening slowly (Rasa's first predictions, the action
    # server loading the answer classifiers): one throwaway screening start here, through the
    # proxy, so no page test pays for it inside its 30-second waits.
    sender = "warm-up-" + uuid.uuid4().hex
    for message in ("hello", "I'd like to check if I can join the study", "yes", "myself", "woman", "58"):
        for _ in range(10):  # the proxy answers 504 while Rasa is still busy with its first reply: ask again
            if requests.post(f"{process.url}/chat", json={"sender": sender, "message": message}, timeout=300).ok:
                break
            time.sleep(3)
    yield process
    process.stop()


COORDINATOR = ("coordinator.lin", "a long enough passphrase")


@pytest.fixture(scope="session")
def coordinator(stack):
    """An account made with the real CLI (`make coordinator` runs the same module)."""
    import subprocess

    result = subprocess.run([str(stack.actions.args[0]), "-m", "bot.accounts", COORDINATOR[0], "--password-stdin"],
                            input=COORDINATOR[1] + "\n", text=True, capture_output=True, env=stack.actions.env,
                            cwd=str(ROOT))
    assert result.returncode == 0, result.stderr
    return COORDINATOR


@pytest.fixture(scope="session")
def client(stack):
    return Client(stack.url, stack.token)


class Conversation:
    """One person talking to the bot over the REST channel, reading the tracker API."""

    def __init__(self, client: Client):
        self.client = client
        self.sender = f"e2e-{uuid.uuid4().hex}"
        self.last = []

    def say(self, text: str):
        self.last = self.client.send(self.sender, text)
        return self.last

    @property
    def texts(self) -> str:
        return "\n".join(m.get("text", "") for m in self.last)

    @property
    def buttons(self):
        return [b for m in self.last for b in (m.get("buttons") or [])]

    def tracker(self):
        return self.client.tracker(self.sender)

    def slot(self, name):
        return self.tracker()["slots"].get(name)

    @property
    def asked(self):
        t = self.tracker()
        return t["slots"].get("requested_slot") if (t.get("active_loop") or {}).get("name") else None


@pytest.fixture()
def chat(client):
    return Conversation(client)
