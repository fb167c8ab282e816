"""Property tests: parsing and scoring never raise on any text, and whatever the parser
returns is a value the form accepts."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import rules
from bot.screening import Screener, is_valid_answer
from bot.trial import load_trial
from bot.understanding import commands, interpret, redflags
from bot.understanding.parsing import parse_answer, parse_contact_time, parse_name, parse_phone

TRIAL = load_trial()
ENGINE = Screener(TRIAL)
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PIECES = ["cm", "mm", "厘米", "岁", "×10^", "E+", "IU/mL", "拷贝", "not sure", "不", "没有", "yes", "/", "{", "<script>",
          "born", "年", "-", ".", "1e309", "九", "sixty", "\x00", "😀", "\u202e"]
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=CHINESE, max_size=50),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(string.digits, max_size=6), st.text(max_size=5)),
             max_size=12).map(" ".join),
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_parsers_never_raise_and_only_produce_valid_answers(text):
    for criterion in TRIAL.criteria:
        parsed = parse_answer(criterion, text, 2026)
        assert parsed.ok or parsed.problem
        if parsed.ok:
            assert is_valid_answer(criterion, parsed.value), (criterion.id, text, parsed.value)
    parse_name(text), parse_phone(text), parse_contact_time(text)
    redflags.detect(text), commands.read(text), commands.language_switch(text), commands.edit_target(text)


@FAST
@given(TEXT)
def test_the_understanding_layer_never_raises_and_proposes_only_valid_answers(text):
    """Whatever is recorded or read back must be a value the form accepts."""
    for criterion in TRIAL.criteria:
        reading = interpret.read(criterion, text)
        assert reading.kind in (interpret.ANSWER, interpret.CHECK, interpret.UNCLEAR)
        if reading.kind != interpret.UNCLEAR:
            assert is_valid_answer(criterion, reading.value), (criterion.id, text, reading)
    for step in ("consent_prescreen", "consent_share", "confirm_answers", "contact_name", "contact_phone", "contact_time"):
        reading = interpret.read_step(step, text)
        if step.startswith(("consent", "confirm")) and reading.kind != interpret.UNCLEAR:
            assert reading.value in ("yes", "no", "not_sure"), (step, text, reading)


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=8))
def test_huge_inputs(size):
    text = ("中文1cm " * (size * 12500))[: size * 100_000 // 8]
    for criterion in TRIAL.criteria:
        parse_answer(criterion, text, 2026)
    redflags.detect(text)


ANY = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10)),
                   lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=3)), max_leaves=8)


@FAST
@given(st.dictionaries(st.sampled_from(TRIAL.criterion_ids), ANY, max_size=10))
def test_scoring_never_raises_on_any_slot_values(answers):
    evaluation = ENGINE.evaluate(answers)
    assert set(evaluation.verdicts.values()) <= {rules.MEETS, rules.DOES_NOT_MEET, rules.UNKNOWN}
    assert evaluation.outcome in (None,) + rules.OUTCOMES
    ENGINE.next_criterion(answers)
