"""No plaintext contact details anywhere but the encrypted referral: a whole conversation
through the patient page, with every process logging at DEBUG level, then every database,
journal and log file of the stack is searched for them."""

from pathlib import Path

import pytest
import requests

from bot.storage import Store
from tests.conftest import Conversation
from tests.e2e.servers import Stack
from tools.vignettes import Client

NAME, PHONE_TYPED, PHONE = "Ouyang Xiaomei", "139 8765 4321", "13987654321"
HEALTH_ANSWER = "I have dialysis"


class PageClient(Client):
    """Sends through the page's chat proxy, as the widget does; reads the tracker from Rasa."""

    def __init__(self, page_url: str, rasa_url: str, token: str):
        super().__init__(rasa_url, token)
        self.page_url = page_url

    def send(self, sender, message):
        response = self.http.post(f"{self.page_url}/chat", json={"sender": sender, "message": message}, timeout=60)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def debug_stack(tmp_path_factory, smtp):
    """A stack of its own whose every process logs at DEBUG: the most an operator can turn on."""
    stack = Stack(tmp_path_factory.mktemp("debug-logs"), smtp.port, debug=True)
    try:
        stack.start()
        page = stack.start_web(CHAT_RATE_PER_IP="100000", CHAT_RATE_PER_CONVERSATION="100000")
    except Exception:
        stack.stop()
        raise
    yield stack, page
    page.stop()
    stack.stop()


def test_contact_details_are_only_stored_encrypted_and_never_logged(debug_stack, smtp):
    stack, page = debug_stack
    chat = Conversation(PageClient(page.url, stack.url, stack.token))
    for text in ["I'd like to check if I can join the study", "yes", "myself", "woman", "58", "hcc"]:
        chat.say(text)
    chat.say(HEALTH_ANSWER)  # dialysis, answered early, to reach the hand-off quickly
    for _ in range(40):
        if not chat.asked or chat.asked in ("confirm_answers", "consent_share"):
            break
        chat.say("yes")
    for _ in range(4):
        if chat.asked not in ("confirm_answers", "consent_share"):
            break
        chat.say("yes")
    assert chat.asked == "contact_name", chat.texts
    for text in [NAME, PHONE_TYPED, "evening"]:
        chat.say(text)
    code = chat.slot("referral_code")
    assert code
    tracker = chat.tracker()
    assert tracker["slots"]["contact_name"] == "stored" and tracker["slots"]["contact_phone"] == "stored"
    # a deletion request with the wrong phone number (it keeps the referral) also passes the page's logs
    refused = requests.post(f"{page.url}/privacy/delete", json={"code": code, "phone": "13900001111"}, timeout=10)
    assert refused.json() == {"deleted": False}
    # the referral itself decrypts to what the person typed
    referral = Store(f"sqlite:///{stack.db_path}").referral_by_code(code)
    assert (referral.contact_name, referral.contact_phone) == (NAME, PHONE)

    page.stop()
    stack.stop()  # flush and close every database and log, then search every file
    contact = [NAME, PHONE, PHONE_TYPED, "Xiaomei", "13900001111"]
    logs = sorted(Path(stack.workdir).glob("*.log"))
    assert {p.name for p in logs} >= {"rasa.log", "actions.log", f"{Path(page.log_path).name}"}
    searched = 0
    for path in Path(stack.workdir).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            searched += 1
            for needle in contact + ([HEALTH_ANSWER] if path.suffix == ".log" else []):
                assert needle.encode() not in data, f"{needle!r} found in {path.name}"
    assert searched >= 5  # both databases and the logs
    # the logs really are at DEBUG level, and show where conversation content was taken out
    rasa_log = (Path(stack.workdir) / "rasa.log").read_text(errors="replace")
    assert "DEBUG" in rasa_log or '"level": "debug"' in rasa_log
    assert "[redacted]" in rasa_log
    assert "DEBUG" in (Path(stack.workdir) / "actions.log").read_text(errors="replace")
    assert all(NAME not in m.get_content() and PHONE not in m.get_content() for m in smtp.inbox.messages)
