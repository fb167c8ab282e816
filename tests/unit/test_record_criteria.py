"""The trial record's exclusion criteria in full (issue 13): E6 bleeding tendencies and
clot-dissolving treatment (antiplatelets left to the study team), E8 treated tuberculosis,
E9 acute lung disease and healed radiation pneumonitis, E11 kidney transplant, E13 and E15
as site checks. Each is in the trial definition, asked in plain words, and read in both
languages."""

import pytest

from bot import rules
from bot.understanding import interpret
from bot.understanding.interpret import ANSWER, CHECK


def reading(trial, criterion_id, text):
    r = interpret.read(trial.criterion(criterion_id), text)
    return r.kind, r.value


# -- the definition asks about every part, in both languages --------------------------------------

@pytest.mark.parametrize("criterion_id, en, zh", [
    ("bleeding_or_blood_thinners", ["bruise easily", "bleeding gums", "does not clot well", "break up a blood clot"],
     ["青一块紫一块", "牙龈", "血不容易止住", "溶栓"]),
    ("active_infection", ["TB (tuberculosis) in the past year that was not treated", "fully treated does not count"],
     ["近一年得过结核病", "治好的结核不算"]),
    ("lung_disease", ["acute lung disease", "radiotherapy that has healed does not count"],
     ["急性肺病", "放射性肺炎）已经好了的，不算"]),
    ("dialysis", ["dialysis", "kidney transplant"], ["透析", "肾移植（换肾）"]),
])
def test_the_question_names_every_part_of_the_record_criterion(trial, criterion_id, en, zh):
    question = trial.criterion(criterion_id).question
    for words in en:
        assert words in question.en, words
    for words in zh:
        assert words in question.zh, words


def test_antiplatelets_alone_are_for_the_study_team(trial):
    bleeding = trial.criterion("bleeding_or_blood_thinners")
    assert rules.choice_verdict(bleeding, "antiplatelet_only") == rules.UNKNOWN
    assert rules.choice_verdict(bleeding, "yes") == rules.DOES_NOT_MEET
    assert bleeding.option("antiplatelet_only").yields_to == ["yes"]


def test_e13_and_e15_other_conditions_are_site_checks_shown_to_coordinators(trial):
    checks = {c.protocol_ref: c for c in trial.site_only_checks}
    assert "surgery" in checks["E13"].label.en and "手术" in checks["E13"].label.zh
    assert "study doctor decides" in checks["E15"].label.en and "研究医生判断" in checks["E15"].label.zh


# -- what people write --------------------------------------------------------------------------

@pytest.mark.parametrize("criterion_id, text, kind, value", [
    # E6: bleeding tendencies and clot-dissolving treatment (asked back at most, never missed)
    ("bleeding_or_blood_thinners", "I bruise easily", CHECK, "yes"),
    ("bleeding_or_blood_thinners", "the doctor said my blood does not clot well", CHECK, "yes"),
    ("bleeding_or_blood_thinners", "医生说我凝血功能不好", CHECK, "yes"),
    ("bleeding_or_blood_thinners", "刷牙时牙龈老出血", CHECK, "yes"),
    ("bleeding_or_blood_thinners", "I had clot-dissolving treatment last week", ANSWER, "yes"),
    ("bleeding_or_blood_thinners", "在做溶栓治疗", ANSWER, "yes"),
    # antiplatelets: not named by the record, the study team decides (read back, then unknown)
    ("bleeding_or_blood_thinners", "I take aspirin every day", CHECK, "antiplatelet_only"),
    ("bleeding_or_blood_thinners", "我每天吃阿司匹林", CHECK, "antiplatelet_only"),
    ("bleeding_or_blood_thinners", "aspirin and warfarin", ANSWER, "yes"),
    ("bleeding_or_blood_thinners", "没有，也不吃阿司匹林", ANSWER, "no"),
    # E8: TB that was fully treated is not an exclusion; TB now or untreated is
    ("active_infection", "I had TB 3 years ago, fully treated", ANSWER, "no"),
    ("active_infection", "TB was treated, finished treatment last year", ANSWER, "no"),
    ("active_infection", "两年前得过结核，吃了一年药，治愈了", ANSWER, "no"),
    ("active_infection", "结核药吃完了，结核治好了", ANSWER, "no"),
    ("active_infection", "I have TB now", ANSWER, "tuberculosis"),
    ("active_infection", "正在吃抗结核药", ANSWER, "tuberculosis"),
    ("active_infection", "肺结核还没治好", ANSWER, "tuberculosis"),
    ("active_infection", "去年得了结核，没治疗", CHECK, "tuberculosis"),
    ("active_infection", "TB last year, wasn't fully treated", CHECK, "tuberculosis"),
    # E9: acute lung disease counts; radiation pneumonitis that has healed does not
    ("lung_disease", "acute lung injury last month, still in ICU", ANSWER, "yes"),
    ("lung_disease", "现在是急性肺损伤", ANSWER, "yes"),
    ("lung_disease", "I had radiation pneumonitis but it has healed", ANSWER, "no"),
    ("lung_disease", "放射性肺炎已经好了", ANSWER, "no"),
    ("lung_disease", "放射性肺炎，现在已经吸收了", ANSWER, "no"),
    ("lung_disease", "放射性肺炎还没好", ANSWER, "yes"),
    ("lung_disease", "radiation pneumonitis, not healed yet", ANSWER, "yes"),
    # E11: renal replacement therapy includes a kidney transplant
    ("dialysis", "换过肾", ANSWER, "yes"),
    ("dialysis", "做过肾移植", CHECK, "yes"),
    ("dialysis", "I had a kidney transplant", ANSWER, "yes"),  # a transplanted kidney stays one (lasting)
    ("dialysis", "no, never", ANSWER, "no"),
])
def test_record_criteria_as_people_write_them(trial, criterion_id, text, kind, value):
    assert reading(trial, criterion_id, text) == (kind, value)
