"""No plaintext contact details anywhere but the encrypted referral: a whole conversation,
then every database, journal and log file of the stack is searched for them."""

from pathlib import Path

from bot.storage import Store
from tests.conftest import Conversation

NAME, PHONE_TYPED, PHONE = "Ouyang Xiaomei", "139 8765 4321", "13987654321"


def test_contact_details_are_only_stored_encrypted(client, web, stack, smtp):
    chat = Conversation(client)
    for text in ["I'd like to check if I can join the study", "yes", "58", "hcc"]:
        chat.say(text)
    chat.say("I have dialysis")  # answered early, to reach the hand-off quickly
    while chat.asked and chat.asked not in ("confirm_answers", "consent_share"):
        chat.say("yes")
    while chat.asked in ("confirm_answers", "consent_share"):
        chat.say("yes")
    assert chat.asked == "contact_name"
    for text in [NAME, PHONE_TYPED, "evening"]:
        chat.say(text)
    code = chat.slot("referral_code")
    assert code
    tracker = chat.tracker()
    assert tracker["slots"]["contact_name"] == "stored" and tracker["slots"]["contact_phone"] == "stored"
    # the referral itself decrypts to what the person typed
    referral = Store(f"sqlite:///{stack.db_path}").referral_by_code(code)
    assert (referral.contact_name, referral.contact_phone) == (NAME, PHONE)
    # ...and nothing else anywhere holds it in plain text
    stack.rasa.stop()  # flush and close the tracker database, then search every file
    try:
        needles = [NAME.encode(), PHONE.encode(), PHONE_TYPED.encode(), "Xiaomei".encode()]
        searched = 0
        for path in Path(stack.workdir).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                searched += 1
                for needle in needles:
                    assert needle not in data, f"{needle!r} found in {path.name}"
        assert searched >= 4  # both databases and the logs
        assert all(NAME not in m.get_content() and PHONE not in m.get_content() for m in smtp.inbox.messages)
    finally:
        stack.start_rasa()
