"""The trial definition is validated on load, names the broken field, and a second trial
works by writing a second file."""

import copy

import pytest
import yaml

from bot.screening import Screener
from bot.trial import DEFAULT_TRIAL_FILE, TrialDefinitionError, load_trial


def write(tmp_path, data):
    path = tmp_path / "trial.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _criterion(data, criterion_id):
    return next(c for c in data["criteria"] if c["id"] == criterion_id)


@pytest.fixture()
def raw():
    return yaml.safe_load(DEFAULT_TRIAL_FILE.read_text(encoding="utf-8"))


def test_every_patient_text_exists_in_both_languages(trial):
    for c in trial.criteria:
        for text in (c.question, c.why, c.label) + (() if c.step else (c.not_met,)):
            assert text.en and text.zh
    assert trial.consent.prescreen.version and trial.consent.share.version


@pytest.mark.parametrize("breakage, field", [
    (lambda d: d["criteria"][3]["question"].pop("zh"), "criteria.3.question.zh"),
    (lambda d: d["criteria"][3]["options"][0].update(verdict="maybe"), "criteria.3.options.0.verdict"),
    (lambda d: d["consent"]["share"].pop("version"), "consent.share.version"),
    (lambda d: _criterion(d, "age")["rule"].pop("max_age"), "max_age"),
    # a step (sex) decides which questions apply and never has a verdict; a criterion always does
    (lambda d: _criterion(d, "sex")["options"][0].update(verdict="meets"), "a step is a choice whose options have no verdict"),
    (lambda d: _criterion(d, "dialysis").pop("not_met"), "not_met is required"),
    (lambda d: _criterion(d, "dialysis")["options"][0].pop("verdict"), "every option of a criterion needs a verdict"),
    (lambda d: _criterion(d, "pregnant_or_breastfeeding").update(ask_if={"sex": ["other"]}), "unknown option sex=other"),
    (lambda d: d["criteria"].append(copy.deepcopy(d["criteria"][0])), "ids must be unique"),
    (lambda d: d["trial"]["summary"].update(en="  "), "trial.summary.en"),
    (lambda d: d["faq"][0].update(source="hearsay"), "faq.0.source"),
    # every why-text says where it comes from, like the FAQ
    (lambda d: _criterion(d, "dialysis").update(why_source="hearsay"), "why_source"),
    (lambda d: _criterion(d, "dialysis").pop("why_source"), "why_source"),
    (lambda d: d["faq"][0].update(special="anything"), "faq.0.special"),
    (lambda d: d["faq"].append(copy.deepcopy(d["faq"][0])), "faq: ids must be unique"),
    # follow-up questions (<ID>__<part>) and the viral load of one virus
    (lambda d: _criterion(d, "viral_load__hcv").update(id="viral_load__hcv__x"), "at most one double underscore"),
    (lambda d: _criterion(d, "viral_load__hcv").update(id="viral_load__check"), "not __check"),
    (lambda d: _criterion(d, "viral_load__hcv").update(id="viral_loads__hcv"), "follow-up of viral_loads"),
    (lambda d: _criterion(d, "viral_load__hcv")["rule"].pop("hcv_limit"), "hcv_limit"),
    (lambda d: _criterion(d, "viral_load__hbv")["rule"].pop("hbv_iu_limit"), "hbv_iu_limit"),
    (lambda d: _criterion(d, "viral_load__hbv").update(virus="hdv"), "virus"),
    (lambda d: _criterion(d, "dialysis").update(virus="hbv"), "virus is only for a viral_load question"),
])
def test_broken_definition_names_the_field(tmp_path, raw, breakage, field):
    breakage(raw)
    with pytest.raises(TrialDefinitionError) as error:
        load_trial(write(tmp_path, raw))
    assert field in str(error.value)


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(TrialDefinitionError, match="cannot read"):
        load_trial(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("criteria: [", encoding="utf-8")
    with pytest.raises(TrialDefinitionError, match="not valid YAML"):
        load_trial(bad)


def test_a_second_trial_is_just_another_file(tmp_path, raw):
    raw["trial"]["id"] = "second-trial"
    raw["criteria"] = [c for c in raw["criteria"] if c["id"] in ("age", "dialysis")]
    raw["criteria"][0]["rule"] = {"min_age": 40, "max_age": 80}
    second = load_trial(write(tmp_path, raw))
    engine = Screener(second)
    assert [c.id for c in engine.applicable({})] == ["age", "dialysis"]
    assert engine.evaluate({"age": {"low": 39, "high": 39}}).outcome == "likely_ineligible"
    assert engine.evaluate({"age": {"low": 78, "high": 78}, "dialysis": "no"}).outcome == "likely_eligible"


def test_site_contact_comes_from_configuration(monkeypatch):
    monkeypatch.setenv("SITE_CONTACT_EMAIL", "coordinator@example.org")
    monkeypatch.setenv("SITE_CONTACT_NAME", "Dr Study Coordinator")
    monkeypatch.setenv("RESPONSE_WINDOW_HOURS", "48")
    loaded = load_trial()
    assert loaded.trial.site_contact.email == "coordinator@example.org"
    assert loaded.trial.site_contact.name.en == "Dr Study Coordinator"
    assert loaded.trial.response_window_hours == 48
    monkeypatch.setenv("RESPONSE_WINDOW_HOURS", "soon")
    with pytest.raises(TrialDefinitionError, match="RESPONSE_WINDOW_HOURS"):
        load_trial()


def test_record_contact_person_is_not_used(trial):
    assert "Jennifer Cobb" not in DEFAULT_TRIAL_FILE.read_text(encoding="utf-8")
    assert "NIAID" not in trial.trial.site_contact.name.en


def test_every_question_that_speaks_to_you_has_a_version_about_the_patient(trial, engine):
    """A relative is never asked "How old are you?": each question that says you/您 has a
    question_other naming the patient, and it reads naturally for every relation."""
    import re

    relations = [o for o in trial.criterion("respondent").options if o.about is not None]
    assert {o.key for o in relations} >= {"father", "mother", "husband", "wife", "other_family", "friend"}
    for c in trial.criteria:
        if c.id == "respondent":
            continue
        says_you = re.search(r"\byou(r|rs|rself)?\b", c.question.en, re.I) or "您" in c.question.zh
        assert (c.question_other is not None) == bool(says_you), c.id
        for option in relations:
            answers = {"respondent": option.key}
            en, zh = engine.question_text(c.id, answers, "en"), engine.question_text(c.id, answers, "zh")
            assert "{" not in en + zh and not re.search(r"\b(are you|you have|do you|have you)\b", en, re.I), (c.id, en)
            assert en[:1].isupper(), en
            if c.question_other is not None:
                assert option.about.en in en.lower() and option.about.zh in zh


@pytest.mark.parametrize("field, value, message", [
    ("question_other", {"en": "How old are they?", "zh": "多大了？"}, "must name the patient"),
    ("question_other", {"en": "How old is {patient} in {year}?", "zh": "{patient}多大了？"}, "may only use"),
])
def test_a_question_about_the_patient_must_name_them_and_nothing_else(tmp_path, raw, field, value, message):
    age = next(c for c in raw["criteria"] if c["id"] == "age")
    age[field] = value
    with pytest.raises(TrialDefinitionError, match=message):
        load_trial(write(tmp_path, raw))
