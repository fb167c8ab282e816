"""Answer parsing in English and Chinese: numbers, ages, sizes, counts, viral loads,
choices, contact details. Every answer type, both languages, and the edges."""

import pytest

from bot.understanding import parsing as p

YEAR = 2026


@pytest.mark.parametrize(
    "text, expected",
    [
        ("62", [62.0]), ("６２", [62.0]), ("sixty-two", [62.0]), ("sixty two", [62.0]), ("六十二", [62.0]),
        ("十", [10.0]), ("两个", [2.0]), ("一九六一年", [1961.0]), ("a hundred", [100.0]), ("1,500", [1500.0]),
        ("5.2", [5.2]), ("twenty", [20.0]), ("三百二十", [320.0]), ("no numbers here", []), ("", []),
    ],
)
def test_numbers_in_digits_english_words_and_chinese(text, expected):
    assert p.numbers(text) == expected


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("58", 58, 58), ("I'm 19", 19, 19), ("63岁", 63, 63), ("六十二岁", 62, 62), ("sixty-two", 62, 62),
        ("I am 75 years old", 75, 75), ("born in 1961", 64, 65), ("我1948年出生", 77, 78), ("1966", 59, 60),
        ("出生于一九六一年", 64, 65),
    ],
)
def test_age_from_years_or_birth_year(text, low, high):
    parsed = p.parse_age(text, YEAR)
    assert parsed.ok and (parsed.value["low"], parsed.value["high"]) == (low, high)


@pytest.mark.parametrize("text", ["0", "200", "born in 1850", "hello", "", "-5"])
def test_age_rejects_what_is_not_an_age(text):
    assert not p.parse_age(text, YEAR).ok


@pytest.mark.parametrize(
    "text, cm",
    [
        ("8 cm", 8.0), ("30 mm", 3.0), ("45 mm", 4.5), ("7厘米", 7.0), ("10cm", 10.0), ("5.2×4.8cm", 5.2),
        ("4.8x5.2 cm", 5.2), ("六厘米", 6.0), ("eight centimetres", 8.0), ("6", 6.0), ("52毫米", 5.2),
        ("4.5公分", 4.5), ("五公分半", 5.5), ("5,5 cm", 5.5), ("the biggest is 3.5 by 2.9 cm", 3.5),
        ("one of 6cm and two small ones of 1cm", 6.0),
    ],
)
def test_size_in_cm_or_mm(text, cm):
    parsed = p.parse_size_cm(text, 30)
    assert parsed.ok and parsed.value == pytest.approx(cm)


@pytest.mark.parametrize("text, problem", [("45", "size_needs_unit"), ("0 cm", "size_out_of_range"),
                                           ("40 cm", "size_out_of_range"), ("big", "not_understood")])
def test_size_problems_are_named(text, problem):
    assert p.parse_size_cm(text, 30).problem == problem


@pytest.mark.parametrize("text, count", [("1", 1), ("1个", 1), ("两个", 2), ("two", 2), ("3 tumours", 3), ("三个", 3)])
def test_count(text, count):
    assert p.parse_count(text, 50).value == count


def test_count_many_is_unknown_and_zero_is_asked_again():
    assert p.parse_count("many", 50).value == p.NOT_SURE
    assert p.parse_count("多发", 50).value == p.NOT_SURE
    assert not p.parse_count("0", 50).ok
    assert not p.parse_count("1.5", 50).ok


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("1500 拷贝/毫升", 1500, "copies/mL"), ("20000 IU/mL", 20000, "IU/mL"), ("2.3E+03 IU/mL", 2300, "IU/mL"),
        ("2.3e3 iu/ml", 2300, "IU/mL"), ("2.3×10^3 copies/mL", 2300, "copies/mL"), ("2.3x10³ copies", 2300, "copies/mL"),
        ("1.2*10^4 拷贝", 12000, "copies/mL"), ("10^4 copies/ml", 10000, "copies/mL"), ("500 国际单位/毫升", 500, "IU/mL"),
        ("1,500 copies/mL", 1500, "copies/mL"),
    ],
)
def test_viral_load_number_and_unit(text, value, unit):
    parsed = p.parse_viral_load(text)
    assert parsed.ok and parsed.value["value"] == pytest.approx(value) and parsed.value["unit"] == unit


@pytest.mark.parametrize("text", ["below detection", "undetectable", "未检出", "低于检测下限", "阴性"])
def test_viral_load_below_detection(text):
    assert p.parse_viral_load(text).value == {"below_detection": True}


def test_viral_load_without_unit_is_asked_again():
    assert p.parse_viral_load("1500").problem == "viral_load_needs_unit"
    assert p.parse_viral_load("lots").problem == "not_understood"


@pytest.mark.parametrize("text, expected", [
    ("not sure", p.NOT_SURE), ("I don't know", p.NOT_SURE), ("不知道", p.NOT_SURE), ("不确定", p.NOT_SURE),
    ("prefer not to say", p.PREFER_NOT), ("不想回答", p.PREFER_NOT), ("yes", None), ("no", None),
])
def test_uncertainty(text, expected):
    assert p.uncertainty(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("yes", "yes"), ("Yes, I do", "yes"), ("ok", "yes"), ("是", "yes"), ("是的", "yes"), ("有", "yes"),
    ("可以", "yes"), ("no", "no"), ("No.", "no"), ("nope", "no"), ("I don't", "no"), ("没有", "no"), ("不", "no"),
    ("我没有", "no"), ("不是", "no"), ("maybe later", None), ("hello", None),
])
def test_yes_no(text, expected):
    assert p.yes_no(text) == expected


# Free-text answers for the choice questions, including the public vignettes' wording.
CHOICE_CASES = [
    ("liver_cancer_diagnosis", "yes, HCC", "hcc"), ("liver_cancer_diagnosis", "是肝细胞癌", "hcc"),
    ("liver_cancer_diagnosis", "hepatocellular carcinoma", "hcc"), ("liver_cancer_diagnosis", "是", "hcc"),
    ("liver_cancer_diagnosis", "no, it's bile duct cancer", "other_type"), ("liver_cancer_diagnosis", "胆管癌", "other_type"),
    ("prior_cancer_treatment", "no", "no"), ("prior_cancer_treatment", "没有", "no"),
    ("prior_cancer_treatment", "yes, I had radiofrequency ablation last year", "yes"),
    ("prior_cancer_treatment", "no, never had chemo", "no"), ("prior_cancer_treatment", "没有做过化疗", "no"),
    ("prior_cancer_treatment", "做过介入", "yes"), ("prior_cancer_treatment", "I had TACE", "yes"),
    ("spread_or_vessel_invasion", "it has not spread", "no"), ("spread_or_vessel_invasion", "没有转移", "no"),
    ("spread_or_vessel_invasion", "有癌栓", "yes"),
    ("surgery_possible", "yes", "yes"), ("surgery_possible", "可以手术", "yes"), ("surgery_possible", "不能手术", "no"),
    ("surgery_possible", "we haven't talked about surgery yet", "not_discussed"),
    ("surgery_possible", "还没讨论", "not_discussed"),
    ("daily_activity", "I can do everything I did before", "normal"), ("daily_activity", "完全正常", "normal"),
    ("daily_activity", "normal", "normal"), ("daily_activity", "I can't do heavy work", "light_work"),
    ("daily_activity", "需要帮忙", "needs_help"),
    ("liver_symptoms", "no", "no"),
    ("liver_symptoms", "我的眼睛发黄", "yes"),
    ("hepatitis", "no", "neither"), ("hepatitis", "乙肝", "hbv"), ("hepatitis", "hepatitis B", "hbv"),
    ("hepatitis", "hep c", "hcv"), ("hepatitis", "both", "both"), ("hepatitis", "都没有", "neither"),
    ("active_infection", "pills only", "pills"), ("active_infection", "在输液", "iv_or_hospital"),
    ("active_infection", "肺结核", "tuberculosis"), ("active_infection", "没有", "no"),
    ("diabetes_control", "no diabetes", "none"), ("diabetes_control", "no", "none"), ("diabetes_control", "没有", "none"),
    ("diabetes_control", "sugar is usually below 10", "controlled"), ("diabetes_control", "often above 10", "uncontrolled"),
    ("other_cancer_5y", "only a basal cell skin cancer, cured", "skin_or_cervix_cured"),
    ("pregnant_or_breastfeeding", "I'm not pregnant", "no"), ("pregnant_or_breastfeeding", "male", "not_applicable"),
    ("pregnant_or_breastfeeding", "female, not pregnant", "no"), ("pregnant_or_breastfeeding", "没有", "no"),
    ("contraception", "愿意", "yes"), ("contraception", "不愿意", "no"), ("contraception", "does not apply", "not_applicable"),
    ("alcohol_or_mental_health", "prefer not to say", "prefer_not"), ("alcohol_or_mental_health", "不想回答", "prefer_not"),
    ("sample_consent", "yes", "yes"), ("sample_consent", "maybe", "not_sure"), ("sample_consent", "没问题", "yes"),
    ("bleeding_or_blood_thinners", "I vomited blood two years ago, nothing since", "no"),
    ("bleeding_or_blood_thinners", "在吃拜瑞妥", "yes"), ("steroids_or_immunosuppressants", "prednisone 5mg a day", "no"),
    ("steroids_or_immunosuppressants", "prednisone 20mg every day", "yes"), ("hepatitis", "在吃恩替卡韦", "hbv"),
    ("heart_or_blood_pressure", "controlled with pills, around 130", "no"), ("contraception", "no need, he is 67", "not_applicable"),  # noqa: E501
    ("diabetes_control", "糖尿病，打胰岛素，血糖8点多", "controlled"), ("other_cancer_5y", "colon cancer in 2015, cured", "no"),
]


@pytest.mark.parametrize("criterion_id, text, key", CHOICE_CASES)
def test_choice_free_text(trial, criterion_id, text, key):
    assert p.parse_choice(text, trial.criterion(criterion_id)).value == key


def test_every_button_payload_and_label_is_understood(trial):
    for criterion in trial.criteria:
        for option in criterion.options:
            for typed in (option.key, option.label.en, option.label.zh):
                assert p.parse_choice(typed, criterion).value == option.key, (criterion.id, typed)


@pytest.mark.parametrize("text", ["asdfgh", "hcc or bile duct, one of them", "/inform{\"age\": 5}", "", "   "])
def test_unclear_answers_are_not_guessed(trial, text):
    assert not p.parse_answer(trial.criterion("liver_cancer_diagnosis"), text, YEAR).ok


def test_slash_commands_are_never_answers(trial):
    for criterion in trial.criteria:
        assert not p.parse_answer(criterion, '/inform{"%s": "yes"}' % criterion.id, YEAR).ok


@pytest.mark.parametrize("text", ["\x00\x01\x02", "😀" * 1000, "中" * 100000, "<script>alert(1)</script>",
                                  "9" * 5000, "1e309 copies", "2.3E+99999 IU/mL", None, 42, "×10^", "一" * 50])
def test_parsers_never_raise(trial, text):
    for criterion in trial.criteria:
        p.parse_answer(criterion, text, YEAR)
    p.parse_viral_load(text if isinstance(text, str) else "")
    p.parse_name(text)
    p.parse_phone(text)
    p.parse_contact_time(text if isinstance(text, str) else "")


@pytest.mark.parametrize("text, ok", [("Jane Doe", True), ("张三", True), ("", False), ("x" * 81, False),
                                      ("<b>Bob</b>", False), ("12345", False), ("/inform{}", False)])
def test_contact_name(text, ok):
    assert p.parse_name(text).ok is ok


@pytest.mark.parametrize("text, value", [("138 0000 0000", "13800000000"), ("+86 138-0000-0000", "+8613800000000"),
                                         ("(0571) 8812 2222", "057188122222")])
def test_contact_phone(text, value):
    assert p.parse_phone(text).value == value


@pytest.mark.parametrize("text", ["123", "call me", "1" * 16, "138 0000 0000; drop table"])
def test_contact_phone_rejects(text):
    assert not p.parse_phone(text).ok


@pytest.mark.parametrize("text, value", [("morning", "morning"), ("上午", "morning"), ("晚上", "evening"),
                                         ("any time", "any_time"), ("不想说", "any_time"),
                                         ("weekdays after 3pm", "weekdays after 3pm")])
def test_contact_time(text, value):
    assert p.parse_contact_time(text).value == value


# Counts: words that hold a numeral are not numbers, "one" standing for a thing is not a
# count, liver segments name places, "each" and a larger number elsewhere are read back.
@pytest.mark.parametrize("text", ["跟上次一样", "一直是这样", "the big one", "that one again", "还是一样的", "万一有呢"])
def test_count_words_that_hold_no_number(text):
    parsed = p.parse_count(text, 20)
    assert not parsed.ok or parsed.check, parsed


@pytest.mark.parametrize("text", ["one in each lobe", "两边各有一个",
                                  "segment 4 and segment 8, one lesion each",
                                  "2 or 3, plus one small spot they were unsure about"])
def test_count_that_may_be_more_is_read_back_not_recorded(text):
    parsed = p.parse_count(text, 20)
    assert parsed.ok and parsed.check, parsed


@pytest.mark.parametrize("text, count", [
    # one here, two there: the total across places
    ("two in the right lobe and one in the left", 3), ("one here, two there", 3), ("右叶两个，左叶一个", 3),
    ("1 on the left side, 2 on the right side", 3), ("这边一个那边两个", 3),
    # the total, then some of them described
    ("2 tumours, one big one small", 2), ("三个肿瘤，一个大的两个小的", 3), ("3 lesions, 2 small", 3),
    ("两个，一个大一个小", 2),
    # each described without a total: added up; "the big one" beside other numbers is one
    ("一个大的，两个小的", 3), ("the big one and two small ones", 3), ("one big one plus 2 small ones", 3),
    ("一个主病灶加两个子灶", 3), ("3 tumours: the biggest one is 5cm", 3),
    # one in each of the segments named
    ("肝s6、s7各一个结节", 2), ("S4、S6、S7段各见一结节", 3),
    # "just the one", "a pair"
    ("just the one", 1), ("only the one lump", 1), ("a pair, both on the right", 2),
    # dates are not counts
    ("His CT 20/11/2026: 2 lesions", 2), ("2024年查出来，现在3个", 3), ("11月3号的CT，两个", 2),
    # earlier figures give way to today's
    ("一个，原来两个，有一个消融掉了", 1), ("there were 3 but one was removed, now 2", 2),
    ("used to be 4, the latest scan shows 2", 2),
])
def test_count_kinds(text, count):
    parsed = p.parse_count(text, 20)
    assert parsed.ok and not parsed.check and parsed.value == count, parsed


@pytest.mark.parametrize("text", ["3 or 4", "三四个", "five or six", "2-3个", "fewer than 4"])
def test_count_range_or_bound_is_kept_with_both_ends(text):
    # the verdict uses both ends: unknown where they straddle the up-to-seven limit
    parsed = p.parse_count(text, 20)
    assert parsed.ok and isinstance(parsed.value, dict) and parsed.value["qualifier"] in ("range", "lt"), parsed


@pytest.mark.parametrize("text", ["a few", "several", "好几个", "multiple lesions", "too many to count"])
def test_count_many_without_a_number_holds_no_count(text):
    assert p.parse_count(text, 20).value == p.NOT_SURE


@pytest.mark.parametrize("text", ["one main one and some small ones", "1 main tumour plus satellite nodules"])
def test_count_with_an_unknown_number_more_is_read_back(text):
    parsed = p.parse_count(text, 20)
    assert parsed.ok and parsed.check and parsed.value == 1, parsed


@pytest.mark.parametrize("text, cm", [
    ("it was 9 cm before TACE, the latest CT says 6 cm now", 6.0), ("介入前9公分，最近CT缩到6公分了", 6.0),
    ("原来7公分的切掉了，现在复查新长的一个1.5公分", 1.5), ("CT on 10/11/2026 says 4.6 cm", 4.6),
    ("11月10号CT 5.5公分", 5.5), ("one's 4.2 cm, the other one 2.8 cm", 4.2),
])
def test_size_today_and_the_largest(text, cm):
    parsed = p.parse_size_cm(text, 30)
    assert parsed.ok and not parsed.check and parsed.value == cm, parsed


@pytest.mark.parametrize("text", ["6 or 7 cm", "六七厘米", "5-6cm", "under 2 cm", "不到3公分", "less than 5cm"])
def test_size_range_or_upper_bound_is_kept_with_what_was_said(text):
    parsed = p.parse_size_cm(text, 30)
    assert parsed.ok and not parsed.check and parsed.value["qualifier"] in ("range", "lt"), parsed


@pytest.mark.parametrize("text, count", [("一共三个", 3), ("one tumour", 1), ("the scan showed one", 1), ("4个", 4)])
def test_count_plain(text, count):
    parsed = p.parse_count(text, 20)
    assert parsed.ok and not parsed.check and parsed.value == count


@pytest.mark.parametrize("text, cm", [("sorry, 7.2 not 2.7 cm", 7.2), ("不是4.5，是5.4公分", 5.4), ("not 3 cm, it's 8 cm", 8.0)])
def test_size_corrected_by_the_person_keeps_the_right_number(text, cm):
    parsed = p.parse_size_cm(text, 30)
    value = parsed.value["value"] if isinstance(parsed.value, dict) else parsed.value
    assert parsed.ok and value == cm


# An answer that would exclude is never recorded from a bare acknowledgement, from a
# suspicion, or from 是 meaning "it is" (是我妈 = "it's my mum").
@pytest.mark.parametrize("criterion_id, text", [
    ("autoimmune_disease", "嗯"), ("autoimmune_disease", "mm"), ("other_cancer_5y", "ok"),
    ("spread_or_vessel_invasion", "CT上疑似肺转移"), ("spread_or_vessel_invasion", "suspected spread to a lymph node"),
    ("autoimmune_disease", "医生怀疑是类风湿，还没确诊"), ("pregnant_or_breastfeeding", "是我女儿在填"),
])
def test_unsure_excluding_answers_are_never_recorded(trial, criterion_id, text):
    from datetime import date

    from bot.understanding import interpret

    reading = interpret.read(trial.criterion(criterion_id), text, date(2026, 11, 25))
    option = trial.criterion(criterion_id).option(reading.value) if isinstance(reading.value, str) else None
    assert not (reading.recorded and option is not None and option.verdict == "does_not_meet"), reading


@pytest.mark.parametrize("criterion_id, text", [
    ("steroids_or_immunosuppressants", "不清楚他吃的药是不是激素"), ("bleeding_or_blood_thinners", "no idea what's in his pills"),
    ("lung_disease", "不知道呢"), ("drug_allergy", "没有呢"), ("other_cancer_5y", "不要不要，没有"),
])
def test_an_answer_holding_a_question_word_is_an_answer(trial, criterion_id, text):
    from datetime import date

    from bot.understanding import choice, interpret

    reading = interpret.read(trial.criterion(criterion_id), text, date(2026, 11, 25))
    assert reading.why != choice.QUESTION_NOT_ANSWER, reading


@pytest.mark.parametrize("text", ["what is ascites?", "会不会痛", "要不要紧", "is that the same as a blood thinner?"])
def test_a_question_asked_back_is_not_read_as_an_answer(trial, text):
    from datetime import date

    from bot.understanding import choice, interpret

    reading = interpret.read(trial.criterion("liver_symptoms"), text, date(2026, 11, 25))
    assert reading.why == choice.QUESTION_NOT_ANSWER and not reading.recorded


# Age: a two-digit birth year with its month, a birthday still to come, one number said to be
# an age among others; two people's ages are read back.
@pytest.mark.parametrize("text, low, high", [
    ("76年12月5号生", 49, 49), ("76年10月5号生的", 50, 50), ("92年6月生的", 34, 34), ("12月20号满66", 65, 65),
    ("明年3月满75", 74, 74), ("他今年71岁，乙肝二十多年了", 71, 71), ("i'm 58, diagnosed 3 years ago", 58, 58),
    ("今年65，8月做的检查", 65, 65),
])
def test_age_among_other_numbers_and_dates(text, low, high):
    from datetime import date

    parsed = p.parse_age(text, 2026, date(2026, 11, 25))
    assert parsed.ok and not parsed.check and (parsed.value["low"], parsed.value["high"]) == (low, high), parsed


@pytest.mark.parametrize("text", ["my dad is 72 and I'm 45", "我爸77岁，我50"])
def test_two_peoples_ages_are_read_back(text):
    from datetime import date

    parsed = p.parse_age(text, 2026, date(2026, 11, 25))
    assert parsed.ok and parsed.check


@pytest.mark.parametrize("text, key", [
    ("levofloxacin tablets for a chest infection", "pills"), ("在吃头孢克肟", "pills"),
    ("she's on a drip for pneumonia", "iv_or_hospital"),
    ("在挂吊瓶，肺部感染", "iv_or_hospital"), ("目前没有", "no"), ("not at the moment", "no"),
])
def test_infection_treatment_named_in_everyday_words(trial, text, key):
    from datetime import date

    from bot.understanding import choice

    candidate = choice.read_choice(trial.criterion("active_infection"), p.normalize(text), date(2026, 11, 25))
    assert candidate is not None and candidate.key == key, candidate


@pytest.mark.parametrize("text", ["胃癌肝转移", "breast cancer that spread to the liver", "hepatoblastoma", "肝内胆管细胞癌",
                                  "neuroendocrine tumour with liver mets", "淋巴瘤长在肝上"])
def test_other_liver_cancers_and_metastases_are_named(trial, text):
    from datetime import date

    from bot.understanding import choice

    candidate = choice.read_choice(trial.criterion("liver_cancer_diagnosis"), p.normalize(text), date(2026, 11, 25))
    assert candidate is not None and candidate.key == "other_type", candidate


@pytest.mark.parametrize("text", ["combined HCC-CCA", "混合型，肝细胞癌加胆管细胞癌"])
def test_a_mixed_type_is_never_recorded_as_hcc(trial, text):
    from datetime import date

    from bot.understanding import interpret

    reading = interpret.read(trial.criterion("liver_cancer_diagnosis"), text, date(2026, 11, 25))
    assert not (reading.recorded and reading.value == "hcc"), reading


# Kinds of session 8: both hepatitis named, the typist's own relation, menopause, an infection
# that is over, one more tumour found.
@pytest.mark.parametrize("text, key", [
    ("Hep B since birth, and they found hep C too", "both"), ("乙肝也有丙肝也有", "both"), ("B and C", "both"),
    ("乙肝，丙肝没有", "hbv"),
])
def test_hepatitis_b_and_c_named_together_is_both(trial, text, key):
    from datetime import date

    from bot.understanding import choice

    candidate = choice.read_choice(trial.criterion("hepatitis"), p.normalize(text), date(2026, 11, 26))
    assert candidate is not None and candidate.key == key and not candidate.clarify, candidate


@pytest.mark.parametrize("text", ["hep B or hep C, one of those", "我也搞不清楚是乙肝还是丙肝"])
def test_hepatitis_b_or_c_is_not_both(trial, text):
    from datetime import date

    from bot.understanding import choice

    candidate = choice.read_choice(trial.criterion("hepatitis"), p.normalize(text), date(2026, 11, 26))
    assert candidate is None or candidate.key != "both", candidate


@pytest.mark.parametrize("criterion, text, key", [
    ("sex", "我是他女儿，帮我爸填的", "male"), ("sex", "I'm her son, it's for my mum", "female"),
    ("sex", "我老爹", "male"), ("sex", "Mr.", "male"), ("sex", "女的", "female"),
    ("pregnant_or_breastfeeding", "没有，子宫切了", "not_applicable"),
    ("pregnant_or_breastfeeding", "I went through the menopause", "not_applicable"),
    ("active_infection", "Had pneumonia in the spring, treated in hospital, all cleared up. Nothing now.", "no"),
    ("active_infection", "上个月肺炎住院 已经好了出院了 现在没在治", "no"),
    ("autoimmune_disease", "我妈有红斑狼疮，我没有", None),
])
def test_answers_about_someone_else_or_over_are_not_the_patients_now(trial, criterion, text, key):
    from datetime import date

    from bot.understanding import choice

    candidate = choice.read_choice(trial.criterion(criterion), p.normalize(text), date(2026, 11, 26))
    if key is None:  # nothing of the patient's: never the excluding option
        assert candidate is None or not choice.excludes(trial.criterion(criterion), candidate.key), candidate
    else:
        assert candidate is not None and candidate.key == key, candidate


@pytest.mark.parametrize("text, count, check", [
    # one more tumour found ("a third one"), read back when two scans or a "possible" one are named
    ("Last CT said 2, but the new MRI last week found a third one", 3, True), ("两个，最近又发现第三个", 3, False),
    ("two lesions, a third possible lesion in S3", 3, True), ("2, we got a second opinion", 2, False),
    ("one main one and one smaller next to it", 2, False),
    # a total given first, then details; tumours counted by their listed sizes (read back)
    ("two. big one is 55mm, small one 12mm", 2, False), ("3 (biggest is 5 by 4 cm, the other two are tiny)", 3, False),
    ("1 (one) 7cm mass", 1, False), ("One. Sorry, his son typing here, dad has one.", 1, False),
    ("There's the big one on the right and a second one near the gallbladder", 2, False),
    ("CT: S7 mass 6.2cm, S4 nodule 1.8cm, S2 nodule 1.1cm", 3, True), ("肝S5结节2.1cm，S8结节1.5cm", 2, True),
    ("2, 3", 2, True),
])
def test_one_more_found_a_total_then_details_and_tumours_counted_by_their_sizes(text, count, check):
    parsed = p.parse_count(text, 20)
    assert parsed.ok and parsed.value == count and parsed.check is check, parsed


# Session 9 kinds. Age: a birth date in words or figures (either order of day and month when
# both give the same age), the age said beside its birth year, a decade ("in her 50s", 五十好几),
# the Chinese way of counting in English, and the typist's own age beside the patient's.
@pytest.mark.parametrize("text, low, high, check", [
    ("born 1 Dec 1951", 74, 74, False), ("born December 1, 1951", 74, 74, False), ("born Jan 1980", 46, 46, False),
    ("DOB 3/4/1951", 75, 75, False), ("mom is eighty-six, dob 2/2/1940", 86, 86, False), ("Born 1946, so 80", 80, 80, False),
    ("71 yrs, born 1955", 71, 71, False), ("46年生的，80了", 80, 80, False), ("五零年腊月生的", 75, 76, False),
    ("68 (Chinese age, the way we count at home)", 66, 67, False),
    # read back: day and month either way round change the age, an age the year does not allow,
    # a decade, the typist's own age
    ("12/11/1951", 74, 75, True), ("70岁，1950年的", 75, 76, True), ("She's in her 50s", 50, 59, True),
    ("sixty something", 60, 69, True), ("五十好几了", 52, 59, True), ("I'm 45, but it's my mum who's sick", 45, 45, True),
    ("我45，病人是我爸", 45, 45, True),
])
def test_age_from_birth_dates_the_age_said_beside_them_and_what_is_read_back(text, low, high, check):
    from datetime import date

    parsed = p.parse_age(text, 2026, date(2026, 11, 25))
    assert parsed.ok and parsed.check is check and (parsed.value["low"], parsed.value["high"]) == (low, high), parsed


# A change is not a size: "grew by 2 cm", 比上次大了两公分 (the size itself is asked again).
@pytest.mark.parametrize("text, cm", [("比上次大了两公分", None), ("it grew by 2 cm since March", None),
                                      ("shrank by about 1cm after TACE", None), ("5 cm now, 2 cm bigger than before", 5.0),
                                      ("现在5公分，比上次大了1公分", 5.0), ("3 cm", 3.0)])
def test_a_change_in_size_is_not_the_size(text, cm):
    parsed = p.parse_size_cm(text, 30)
    assert (parsed.value if parsed.ok else None) == cm, parsed


# Satellite nodules or "some small ones" beside a count: how many there are is not known.
@pytest.mark.parametrize("text", [
    "Three. Well, three that they measured, and the radiologist also wrote 'small satellite nodules'", "2个，旁边还有卫星灶"])
def test_a_count_with_uncounted_small_ones_is_read_back(text):
    parsed = p.parse_count(text, 20)
    assert parsed.ok and parsed.check, parsed


# Names as people give them at the hand-off: a title before a full name dropped, a kin title
# with a surname kept, the fuller of two forms, sentences around the name, no emoji.
@pytest.mark.parametrize("text, name", [
    ("Mr. Feng Zhiqiang", "Feng Zhiqiang"), ("Dr. Sun Hao (I'm a GP myself, asking for my uncle)", "Sun Hao"),
    ("The patient is Zhang Xiuying, I'm her daughter Liu Fang, please ask for me", "Liu Fang"),
    ("Please ask for Mrs. Zhao. If a man answers that's my husband, he knows about it too", "Mrs. Zhao"),
    ("My son Xiaoming will talk to you, his full name is Shen Xiaoming", "Shen Xiaoming"),
    ("Ask for me, Wang Lei. Dad's name is Wang Jianguo but he doesn't hear well on the phone", "Wang Lei"),
    ("just call me Auntie Ding", "Auntie Ding"), ("you can ask for auntie Fang", "auntie Fang"), ("Ren Xiaoli 😊", "Ren Xiaoli"),
    ("Guo Ping. G-U-O.", "Guo Ping"), ("Tang, Tang Yu", "Tang Yu"), ("It's Lin. Lin Qiaoling.", "Lin Qiaoling"),
    ("Mrs Gao is fine", "Mrs Gao"), ("找我女儿楼佳佳，她比较懂", "楼佳佳"),
])
def test_names_from_what_people_type(text, name):
    from bot.understanding import interpret

    reading = interpret.read_step("contact_name", text)
    assert reading.recorded and reading.value == name, reading


@pytest.mark.parametrize("text", ["please ask for me", "my son", "the patient"])
def test_no_name_in_it_is_asked_again(text):
    from bot.understanding import interpret

    assert not interpret.read_step("contact_name", text).recorded
