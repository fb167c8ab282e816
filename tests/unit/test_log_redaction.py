"""What people type never reaches a log line: stdlib records and Rasa's structlog events."""

import io
import json
import logging

import pytest
import structlog
from hypothesis import given
from hypothesis import strategies as st

from bot.logs import REDACTED, install_redaction, redact
from rasa_addons.redaction import harden_structlog, redact_event


@pytest.mark.parametrize("phone", ["13987654321", "139 8765 4321", "139-8765-4321", "+86 139 8765 4321", "0571-8812 2222"])
def test_phone_numbers_are_masked_in_any_spelling(phone):
    assert redact(f"contact {phone} tomorrow") == "contact [number] tomorrow"


@pytest.mark.parametrize("text", [
    "Starting server on 127.0.0.1:5005", "rasa 3.6.21", "age 58", "took 1234 ms", "sha 1a2b3c4d5e6f7a8b",
    "Received request to run 'action_submit_prescreen'",
])
def test_ordinary_log_lines_stay_readable(text):
    assert redact(text) == text


@pytest.mark.parametrize("text", ["tel:13987654321", "phone=139-8765-4321", "tel:+8613987654321", "电话13987654321谢谢"])
def test_chinese_mobile_numbers_are_masked_wherever_they_stand(text):
    assert "8765" not in redact(text) and "[number]" in redact(text)


def test_email_addresses_are_masked():
    assert redact("mail to wang.li+trial@example.org failed") == "mail to [email] failed"


@pytest.mark.parametrize("message", [
    "Validating extracted slots: {'contact_name': 'Ouyang Xiaomei'}",
    "Contents of ignored event: '{\"event\": \"slot\", \"value\": \"Ouyang Xiaomei\"}'",
])
def test_messages_that_echo_slot_values_lose_them(message):
    redacted = redact(message)
    assert "Xiaomei" not in redacted and redacted.endswith(REDACTED)


@pytest.fixture()
def captured():
    factory = logging.getLogRecordFactory()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    install_redaction()
    install_redaction()  # twice is harmless
    yield logger, stream
    logger.removeHandler(handler)
    logging.setLogRecordFactory(factory)


def test_every_stdlib_record_is_redacted_whatever_its_level(captured):
    logger, stream = captured
    logger.debug("phone is %s", "139 8765 4321")
    logger.error("Validating extracted slots: %r", {"contact_name": "Ouyang Xiaomei"})
    logger.info("%d answers", 12)
    out = stream.getvalue()
    assert "8765" not in out and "Xiaomei" not in out
    assert "phone is [number]" in out and "12 answers" in out


def test_structlog_events_keep_their_shape_but_not_the_content():
    event = redact_event(None, "debug", {
        "event": "processor.message.parse", "parse_data_text": "I am Ouyang Xiaomei", "parse_data_entities": [{"v": 1}],
        "parse_data_intent": {"name": "inform", "confidence": 0.9}, "len_extraction_events": 2, "slot_values": None,
        "action_name": "call 13987654321",
    })
    assert event == {
        "event": "processor.message.parse", "parse_data_text": REDACTED, "parse_data_entities": REDACTED,
        "parse_data_intent": {"name": "inform", "confidence": 0.9}, "len_extraction_events": 2, "slot_values": None,
        "action_name": "call [number]",
    }


def test_rasa_error_events_show_no_local_variables():
    """Rasa renders tracebacks with every frame's locals: the message being handled among them."""
    stream = io.StringIO()
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.dict_tracebacks,
                    structlog.processors.JSONRenderer()],
        logger_factory=structlog.PrintLoggerFactory(stream), cache_logger_on_first_use=False,
    )
    try:
        harden_structlog()
        harden_structlog()
        log = structlog.get_logger()

        def handle(text):
            raise ValueError("cannot parse")

        try:
            handle("my name is Ouyang Xiaomei")
        except ValueError:
            log.exception("rest.message.received.failure", text="my name is Ouyang Xiaomei")
        line = json.loads(stream.getvalue())
    finally:
        structlog.reset_defaults()
    assert "Xiaomei" not in stream.getvalue()
    assert line["text"] == REDACTED and line["exception"][0]["exc_type"] == "ValueError"
    assert structlog.get_config()["processors"][0] is not redact_event  # reset really reset



@given(st.text(), st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
def test_redact_never_raises_and_never_lets_a_mobile_number_through(text, mobile):
    assert mobile not in redact(f"{text} {mobile} {text}")
