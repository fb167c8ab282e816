"""People's own words, end to end over HTTP (real Rasa and action servers): clarifying
questions, several numbers in one answer, time windows, brand names, values typed at a
question, and emergencies at every step, in English and Chinese."""

import copy

import pytest

from tools.vignettes import play

ELIGIBLE = {
    "en": {"sex": "a woman", "age": "58", "liver_cancer_diagnosis": "yes, HCC", "prior_cancer_treatment": "no",
           "spread_or_vessel_invasion": "no",
           "surgery_possible": "yes", "tumour_count": "1", "largest_tumour_cm": "8 cm",
           "daily_activity": "I can do everything I did before", "liver_symptoms": "no", "hepatitis": "no"},
    "zh": {"sex": "女的", "age": "58岁", "liver_cancer_diagnosis": "是肝细胞癌", "prior_cancer_treatment": "没有", "spread_or_vessel_invasion": "没有",  # noqa: E501
           "surgery_possible": "可以手术", "tumour_count": "1个", "largest_tumour_cm": "8厘米", "daily_activity": "完全正常",
           "liver_symptoms": "没有", "hepatitis": "没有"},
}
REST = {"en": "no", "zh": "没有"}
LATER = ["steroids_or_immunosuppressants", "bleeding_or_blood_thinners", "autoimmune_disease", "active_infection",
         "diabetes_control", "lung_disease", "heart_or_blood_pressure", "dialysis", "other_cancer_5y", "drug_allergy",
         "alcohol_or_mental_health"]


def person(lang, **answers):
    base = copy.deepcopy(ELIGIBLE[lang])
    base.update({cid: REST[lang] for cid in LATER})
    base.update({"pregnant_or_breastfeeding": "does not apply" if lang == "en" else "不适用",
                 "contraception": "yes" if lang == "en" else "愿意", "sample_consent": "yes" if lang == "en" else "愿意"})
    base.update(answers)
    return {"id": f"own-words-{lang}", "language": lang, "answers": base}


def start(chat, lang):
    chat.say("I'd like to check if I can join the study" if lang == "en" else "我想看看我能不能参加这个研究")
    chat.say("yes" if lang == "en" else "好的")
    assert chat.asked == "respondent"  # the steps before the questions: who is answering, then sex
    chat.say("myself" if lang == "en" else "我自己")
    assert chat.asked == "sex"


def answer_until(chat, lang, target):
    for cid, text in person(lang)["answers"].items():
        if cid == target:
            return
        assert chat.asked == cid, (chat.asked, cid)
        chat.say(text)


@pytest.mark.parametrize("lang, hedge, confirm, value", [("en", "I don't think so", "yes", "neither"),
                                                         ("zh", "好像没有吧", "对的", "neither")])
def test_an_unsure_answer_is_read_back_and_confirmed(chat, lang, hedge, confirm, value):
    start(chat, lang)
    answer_until(chat, lang, "hepatitis")
    chat.say(hedge)
    assert chat.asked == "hepatitis__check" and chat.slot("hepatitis") is None
    assert ("Just to check" if lang == "en" else "跟您确认一下") in chat.texts
    chat.say(confirm)
    assert chat.slot("hepatitis") == value and chat.asked == "steroids_or_immunosuppressants"


@pytest.mark.parametrize("lang, count, size, expected", [
    ("en", "two, one here and one there", "one is 5.5 cm, the other 3 cm", 5.5),
    ("zh", "一个大的两个小的", "大的五公分半，小的一公分左右", 5.5),
])
def test_several_numbers_in_one_answer(chat, lang, count, size, expected):
    start(chat, lang)
    answer_until(chat, lang, "tumour_count")
    chat.say(count)
    if chat.asked == "tumour_count__check":
        chat.say("yes" if lang == "en" else "对的")
    assert chat.slot("tumour_count") in (2, 3)
    chat.say(size)
    assert chat.slot("largest_tumour_cm") == expected


@pytest.mark.parametrize("lang, bleed", [("en", "I vomited blood two years ago, it never came back"),
                                         ("zh", "前年吐过一次血，后来再也没有了")])
def test_a_past_bleed_outside_the_window_reaches_likely_eligible(client, lang, bleed):
    result = play(client, {**person(lang, bleeding_or_blood_thinners=bleed), "expected_outcome": "likely_eligible"})
    assert result.error is None and result.outcome == "likely_eligible"
    assert result.verdicts["bleeding_or_blood_thinners"] == "meets"


@pytest.mark.parametrize("lang, brand", [("en", "yes, I take Xarelto every day"), ("zh", "在吃拜瑞妥")])
def test_a_blood_thinner_named_by_its_brand_is_understood(client, lang, brand):
    result = play(client, person(lang, bleeding_or_blood_thinners=brand))
    assert result.verdicts["bleeding_or_blood_thinners"] == "does_not_meet" and result.outcome == "likely_ineligible"


@pytest.mark.parametrize("lang, glucose", [("en", "yes, on metformin, fasting sugar about 7.5"),
                                           ("zh", "糖尿病，打胰岛素，血糖8点多")])
def test_a_glucose_value_typed_at_the_diabetes_question_is_recorded(chat, lang, glucose):
    start(chat, lang)
    answer_until(chat, lang, "steroids_or_immunosuppressants")
    for cid in LATER[: LATER.index("diabetes_control")]:
        assert chat.asked == cid
        chat.say(REST[lang])
    assert chat.asked == "diabetes_control"
    chat.say(glucose)
    assert chat.slot("diabetes_control") == "controlled" and chat.asked == "lung_disease"


@pytest.mark.parametrize("lang, message", [("en", "yes, I am vomiting blood right now"), ("zh", "我爸刚才吐了好多血")])
def test_an_emergency_typed_at_the_question_it_matches_stops_with_120(chat, lang, message):
    start(chat, lang)
    answer_until(chat, lang, "steroids_or_immunosuppressants")
    chat.say(REST[lang])
    assert chat.asked == "bleeding_or_blood_thinners"
    chat.say(message)
    assert chat.asked is None and chat.slot("prescreen_outcome") == "emergency_stop"
    assert chat.slot("bleeding_or_blood_thinners") is None
    first = chat.last[0]["text"]
    assert first.startswith("Call 120" if lang == "en" else "请马上拨打120")
    chat.say("what should I do? it's a lot of blood" if lang == "en" else "那怎么办啊")
    assert chat.last[0]["text"].startswith("Call 120" if lang == "en" else "请马上拨打120")


@pytest.mark.parametrize("lang, message", [("en", "I want to kill myself"), ("zh", "我不想活了")])
def test_self_harm_shows_the_crisis_line(chat, lang, message):
    chat.say(message)
    assert "120" in chat.last[0]["text"] and "12356" in chat.texts
    assert chat.slot("prescreen_outcome") == "emergency_stop"


@pytest.mark.parametrize("lang, message", [("en", "I'm a bit confused by this question"), ("zh", "被这个问题搞糊涂了")])
def test_confusion_about_the_form_asks_the_question_again(chat, lang, message):
    start(chat, lang)
    answer_until(chat, lang, "liver_symptoms")
    chat.say(message)
    assert chat.asked == "liver_symptoms" and chat.slot("prescreen_outcome") != "emergency_stop"
    assert "120" not in chat.last[0]["text"]


def test_an_emergency_at_the_greeting_wins_over_the_faq(chat):
    chat.say("how much does it cost? my dad just fainted")
    assert chat.last[0]["text"].startswith("Call 120") and chat.slot("prescreen_outcome") == "emergency_stop"
