"""Kinds of answers patients write (issue 11), read by the rules: one table per kind, both
languages. The rule reading is what the classifier builds on, and what decides whether an
answer that would exclude someone is recorded or read back first."""

from datetime import date

import pytest

from bot.understanding import choice, numbers, timewords
from bot.understanding.parsing import normalize, parse_count, parse_size_cm

TODAY = date(2026, 11, 25)


def rule(trial, criterion_id, text):
    return choice.read_choice(trial.criterion(criterion_id), normalize(text), TODAY)


# Daily activity is a scale: what people can still do bounds it from above, what they cannot
# from below; a soft limit ("can't work") gives way to a light job they still do.
@pytest.mark.parametrize("text, key", [
    ("I can shower and dress myself, but I can't do any work", "self_care"),
    ("能照顾自己 不能工作", "self_care"),
    ("生活自理没问题，上班肯定不行", "self_care"),
    ("不能上班，但不用人照顾", "self_care"),
    ("self care fine, even light work is too much for me", "self_care"),
    ("洗澡穿衣服都要我帮她", "needs_help"),
    ("He needs help with everything", "needs_help"),
    ("can't get out of bed without help", "needs_help"),
    ("不能干重活 轻活能干", "light_work"),
    ("重生活做不动了，轻的还行", "light_work"),
    ("Dad can't work in the fields any more, but he still does light chores at home", "light_work"),
    ("Mum still cooks and does the laundry but can't carry the shopping home", "light_work"),
    ("我妈能烧饭洗衣服，就是买菜拎不动了", "light_work"),
    ("他还在单位上班，不过是坐着的工作，别的重活都不干了", "light_work"),
    ("我还在种茶叶，采茶炒茶都自己来", "normal"),
    ("I was in bed last month after the surgery, but this week I'm back to doing everything as normal", "normal"),
    ("fine, totally normal", "normal"),
    ("ECOG 2分", "self_care"),
    ("ecog 3", "needs_help"),
    # Not needing help is looking after oneself; the share of the day in bed decides.
    ("不要人帮忙，但啥活都干不了", "self_care"),
    ("he doesn't need any help, he just can't work any more", "self_care"),
    ("躺着的时间不到一半，啥活都干不了", "self_care"),
    ("in bed less than half the day, can't work", "self_care"),
    ("白天大部分时间能起来走走，就是啥活都干不了", "self_care"),
    ("一半以上时间躺着", "needs_help"),
    ("Not working. Manage my personal needs ok.", "self_care"),
    ("大半天都躺着", "needs_help"),
])
def test_daily_activity_is_read_on_its_scale(trial, text, key):
    c = rule(trial, "daily_activity", text)
    assert c is not None and c.key == key and not c.clarify, c


@pytest.mark.parametrize("text", ["不上班", "no work", "some days I work, some days I can't get out of bed",
                                  "I can do everything but I'm in bed most of the day"])
def test_daily_activity_soft_or_contradicting_readings_are_asked_back(trial, text):
    c = rule(trial, "daily_activity", text)
    assert c is not None and c.clarify, c


@pytest.mark.parametrize("text, key", [("third option", "self_care"), ("option three", "self_care"),
                                       ("the second one", "light_work"), ("第二种吧", "light_work"),
                                       ("选第3个", "self_care"), ("first", "normal")])
def test_an_option_by_its_place(trial, text, key):
    assert choice.ordinal_option(trial.criterion("daily_activity"), text) == key


# A surgeon's answer in words, a no from someone who is not a surgeon, a decision still to come.
@pytest.mark.parametrize("text, key, clarify", [
    ("The surgeon said he can take it out", "yes", False), ("外科医生说能开刀", "yes", False),
    ("the surgeon said yes but we don't want surgery", "yes", False),
    ("he said he can't cut it out", "no", False), ("医生说已经没有手术机会了", "no", False),
    ("surgeon said no", "no", False), ("Unfortunately no", "no", False),
    ("只看了肿瘤内科", "not_discussed", False), ("Not been discussed with us", "not_discussed", False),
    ("The oncologist said no", "yes", True), ("内科医生说不能开", "no", True),
])
def test_surgery_in_words(trial, text, key, clarify):
    c = rule(trial, "surgery_possible", text)
    assert c is not None and c.key == key and c.clarify == clarify, c


@pytest.mark.parametrize("text", ["一个说能切一个说不能，两家医院说法不一样", "one doctor said yes and the other said no"])
def test_doctors_who_disagree_are_asked_back(trial, text):
    c = rule(trial, "surgery_possible", text)
    assert c is not None and c.clarify and c.key is None, c


# Allergy: only chemotherapy and antibody drugs count; "I have allergies" says not to what.
@pytest.mark.parametrize("text, key, clarify", [
    ("紫杉醇过敏，很严重", "yes", False), ("打PD-1过敏，全身起疹子", "yes", False),
    ("she had a serious reaction to chemo, hives and low blood pressure", "yes", False),
    ("had anaphylaxis with a chemo drug years ago", "yes", False),
    ("Dad has never had chemotherapy or any antibody injection, so no, never a reaction.", None, None),
    ("螃蟹过敏 别的没有", "no", False), ("么有过敏史", "no", False), ("no allergies", "no", False),
    ("yes I have allergies", "yes", True), ("对一种针过敏过", "yes", True), ("有过敏史，对化疗药过敏", "yes", False),
])
def test_drug_allergy(trial, text, key, clarify):
    c = rule(trial, "drug_allergy", text)
    if key is None:
        assert c is None or c.key != "yes" or c.clarify, c
    else:
        assert c is not None and c.key == key and c.clarify == clarify, c


@pytest.mark.parametrize("criterion_id, text, key, clarify", [
    # a vague procedure is asked about; a plan is not a treatment; nothing said is not discussed
    ("prior_cancer_treatment", "在外地做过一个小手术", "yes", True),
    ("prior_cancer_treatment", "做过介入，还有一个小手术", "yes", False),
    ("prior_cancer_treatment", "Prescribed Huaier but haven't started", "no", False),
    ("surgery_possible", "没有说这个", "not_discussed", False),
    # a drip or a hospital stay counts only for an infection
    ("active_infection", "在挂水", "iv_or_hospital", True),
    ("active_infection", "yes - in hospital for covid pneumonia, on drip", "iv_or_hospital", False),
    ("active_infection", "Getting IV ceftriaxone once a day for a kidney infection", "iv_or_hospital", False),
    # the disease, not how it is taken
    ("active_infection", "肺结核，刚开始吃药", "tuberculosis", False),
    ("active_infection", "yes, TB, I go to the TB clinic every month for my pills", "tuberculosis", False),
    # someone else's pregnancy, a pregnancy still wished for
    ("pregnant_or_breastfeeding", "my wife is pregnant", "yes", True),
    ("pregnant_or_breastfeeding", "我老婆怀孕了", "yes", True),
    ("pregnant_or_breastfeeding", "trying to get pregnant", "yes", True),
    ("pregnant_or_breastfeeding", "怀孕了", "yes", False),
    # "before" with a time window: when?
    ("other_cancer_5y", "yes I had cancer before", "yes", True),
    ("other_cancer_5y", "yes", "yes", False),
    # a high sugar not said to be fasting is read back; a fasting one is recorded
    ("diabetes_control", "sugar was 15 when they tested it in the clinic", "uncontrolled", True),
    ("diabetes_control", "空腹血糖12", "uncontrolled", False),
    # an echo question, then the answer; a new sentence after a full stop is not a negation
    ("dialysis", "透析？没有的", "no", False),
    ("contraception", "Willing. Not planning any more kids", "yes", False),
    # stopped later in the same sentence
    ("bleeding_or_blood_thinners", "住院的时候打过几针肝素，出院就停了", "no", False),
    # spread inside the liver or a small branch: the team decides
    ("spread_or_vessel_invasion", "有转移，肝里面转移了", "yes", True),
    ("spread_or_vessel_invasion", "a thrombus in a small branch", "yes", True),
    ("spread_or_vessel_invasion", "转到骨头上了", "yes", False),
    # "no problem" is not "none", 都没关系 is not 都没有
    ("sample_consent", "可以，多抽几管血、留点组织都没关系", "yes", False),
    ("steroids_or_immunosuppressants", "yes some immune medicine", "yes", True),
])
def test_kinds_of_answers(trial, criterion_id, text, key, clarify):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == key and c.clarify == clarify, c


@pytest.mark.parametrize("text", ["不太记得", "说不上来", "难讲", "我判断不了", "difficult to say", "不敢定",
                                  "要翻翻病历才知道", "I wasn't there, don't know"])
def test_not_sure_in_many_words(trial, text):
    c = rule(trial, "drug_allergy", text)
    assert c is not None and c.key == "not_sure", c


def test_any_kind_of_is_not_a_hedge():
    assert choice.hedge_in("can't do any kind of work") is None
    assert choice.hedge_in("it's kind of bad") is not None


@pytest.mark.parametrize("text, low, high", [("大概十三四公分", 13, 14), ("二十三四岁", 23, 24), ("三四十岁", 30, 40),
                                             ("两三个", 2, 3)])
def test_neighbouring_chinese_digits_are_a_range(text, low, high):
    q = numbers.quantities(numbers.digits_only(text))[0]
    assert (q.low, q.high, q.qualifier) == (low, high, "range")


@pytest.mark.parametrize("text", ["十三", "三十五", "十五个"])
def test_chinese_numbers_that_are_not_ranges(text):
    assert numbers.quantities(numbers.digits_only(text))[0].qualifier is None


@pytest.mark.parametrize("text, cm, check", [("1.6 and 1.1 cm", 1.6, False), ("3、2公分", 3.0, False),
                                             ("2 tumours of 1 cm", 1.0, False),
                                             ("the CT said 4 cm but the MRI said 5", 4.0, True)])
def test_a_list_of_sizes_shares_its_unit(text, cm, check):
    parsed = parse_size_cm(text, 30)
    value = parsed.value["value"] if isinstance(parsed.value, dict) else parsed.value
    assert value == cm and parsed.check == check


@pytest.mark.parametrize("text, count", [("one of 6cm and two small ones of 1cm", 3), ("两个，一个3公分一个2公分", 2),
                                         ("一个在左边两个在右边", 3)])
def test_counts_across_an_answer(text, count):
    assert parse_count(text, 50).value == count


def test_dialect_no_is_no():
    assert normalize("么有") == "没有" and normalize("木有") == "没有" and normalize("吐血没得") == "吐血没有"


@pytest.mark.parametrize("text", ["once a day", "twice a week", "每天一次"])
def test_how_often_is_not_when(text):
    w = timewords.when(text, TODAY)
    assert not w.vague_past and w.low is None





@pytest.mark.parametrize("criterion_id, text, key", [
    ("lung_disease", "有一点", "yes"), ("lung_disease", "sometimes", "yes"),  # a partial yes is checked
    ("lung_disease", "not sure what counts as serious", "yes"), ("active_infection", "不知道算不算感染，最近老是低烧", None),
    ("liver_cancer_diagnosis", "原发性肝癌", "hcc"), ("liver_cancer_diagnosis", "是恶性的", "hcc"),
    ("hepatitis", "Hep B vaccine only", "hbv"), ("hepatitis", "以前打过干扰素", None),
    ("other_cancer_5y", "five or six years ago I had breast cancer", "yes"),
])
def test_answers_a_nurse_checks_first(trial, criterion_id, text, key):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.clarify and (key is None or c.key == key), c








def test_a_clot_is_not_yet_a_tumour_thrombus(trial):
    c = rule(trial, "spread_or_vessel_invasion", "there's a clot in the portal vein")
    assert c is not None and c.clarify, c


@pytest.mark.parametrize("text, key, clarify", [
    ("偶尔应酬喝一点", "no", False), ("I have a drink now and then, no problem", "no", False),
    ("quit drinkin ages ago", "no", False), ("从来不喝", "no", False),
    ("抑郁症，精神科开的药在吃", "yes", False), ("I take antidepressants for mild anxiety", "yes", True),
    ("my dad drinks every day, we can't get him to stop", "yes", False),
    ("I was in rehab last year", "yes", True),  # past treatment for a question about now: asked
    ("算了不说了", "prefer_not", False), ("下一个", "prefer_not", False), ("next question please", "prefer_not", False),
])
def test_drinking_and_mental_health(trial, text, key, clarify):
    c = rule(trial, "alcohol_or_mental_health", text)
    assert c is not None and c.key == key and c.clarify == clarify, c


@pytest.mark.parametrize("text, value, qualifier", [
    ("二点三乘十的三次方 IU/ml", 2300, None), ("3.4万IU/ml", 34000, None), ("20拷贝以下", 20, "lt"),
    ("15 thousand copies/ml", 15000, None), ("6百 IU", 600, None), ("1.8 x 10 to the 4th IU/mL", 18000, None),
    ("5.4 million IU/mL", 5400000, None), ("10的4次方以下 IU", 10000, "lt"), ("about half a million copies/ml", 500000, "approx"),
    ("HCV viral load 1.1 million IU per mL", 1100000, None),
    ("the newest report says 45 IU/mL, in March it was 1.2E+03", 45, None),
])
def test_viral_loads_as_people_write_them(text, value, qualifier):
    from bot.understanding.parsing import parse_viral_load

    v = parse_viral_load(text).value
    assert v["value"] == value and v.get("qualifier") == qualifier, v


def test_two_viral_loads_without_saying_which_is_latest_are_read_back():
    from bot.understanding.parsing import parse_viral_load

    assert parse_viral_load("1500 copies in May, 300 copies in August").check


def test_below_detection_in_more_words():
    from bot.understanding.parsing import parse_viral_load

    assert parse_viral_load("小于检测下限").value == {"below_detection": True}





@pytest.mark.parametrize("criterion_id, text", [("autoimmune_disease", "no lupus but I have psoriasis"),
                                                ("bleeding_or_blood_thinners", "没有吐血，在吃华法林")])
def test_denied_and_affirmed_where_the_affirmed_one_excludes_is_asked_back(trial, criterion_id, text):
    c = rule(trial, criterion_id, text)
    assert c is not None and (c.clarify or c.key == "no"), c


def test_a_drug_not_taken_is_not_taken(trial):
    c = rule(trial, "bleeding_or_blood_thinners", "大便正常的，没有吐血，抗凝药也不吃")
    assert c is not None and c.key == "no" and not c.clarify, c


# Answers recorded as they are (no read-back), one table for many kinds.
RECORDED = [
    # more kinds of answers
    ("hepatitis", "大三阳", "hbv"), ("hepatitis", "surface antigen positive, they call it xiao san yang", "hbv"),
    ("hepatitis", "乙加丙", "both"), ("hepatitis", "乙肝丙肝都有", "both"), ("hepatitis", "我没有，我老婆是乙肝", "neither"),
    ("steroids_or_immunosuppressants", "Yes, Medrol 8mg twice a day", "yes"),  # 16 mg methylprednisolone = 20 mg prednisone
    ("steroids_or_immunosuppressants", "在吃强的松，每天20mg", "yes"),
    ("pregnant_or_breastfeeding", "I'm a 72 year old woman, that's impossible", "not_applicable"),
    ("spread_or_vessel_invasion", "只在肝里面", "no"), ("dialysis", "透了 上个月开始的", "yes"),
    ("bleeding_or_blood_thinners", "华法令 每天一粒半", "yes"),
    ("autoimmune_disease", "celiac disease, strict gluten free", "yes"),
    ("surgery_possible", "I have no idea", "not_sure"), ("surgery_possible", "我真的不知道", "not_sure"),
    ("diabetes_control", "有糖尿病，早上起来测11.6", "uncontrolled"),
    # answers recorded despite a look alike word
    ("hepatitis", "HCV 抗体阳性，RNA也是阳性", "hcv"), ("liver_cancer_diagnosis", "yes, liver cancer the normal kind", "hcc"),
    ("contraception", "Yes, happy to. Can you tell me which methods count as reliable?", "yes"),
    # kinds of answers in everyday words
    ("diabetes_control", "yes, usually 12 in the morning", "uncontrolled"),
    ("diabetes_control", "my home meter shows 6 to 7 before breakfast", "controlled"),
    ("diabetes_control", "Diabetes? No.", "none"), ("dialysis", "透析？有", "yes"),
    ("hepatitis", "乙肝没有 丙肝也没有", "neither"), ("hepatitis", "都阴性", "neither"),
    ("pregnant_or_breastfeeding", "男的怎么会怀孕", "not_applicable"), ("pregnant_or_breastfeeding", "我岳父", "not_applicable"),
    ("contraception", "I'm 59 and went through the change years ago", "not_applicable"),
    ("contraception", "子宫切掉了", "not_applicable"),
    ("alcohol_or_mental_health", "天天要喝，控制不住", "yes"), ("alcohol_or_mental_health", "我爸生病以后酒就不碰了", "no"),
    ("alcohol_or_mental_health", "mei you de, fang xin", "no"), ("alcohol_or_mental_health", "私人问题 不答", "prefer_not"),
    ("active_infection", "在挂吊针，肺部感染", "iv_or_hospital"), ("active_infection", "他没感染", "no"),
    ("active_infection", "在吃头孢", "pills"), ("active_infection", "Dad is on Tamiflu for the flu", "pills"),
    # one thing denied another affirmed
    ("hepatitis", "It's hep C, not B", "hcv"), ("hepatitis", "i have hep c no b", "hcv"),
    ("hepatitis", "有丙肝 乙肝阴性", "hcv"), ("hepatitis", "乙肝没有 丙肝有", "hcv"),
    ("hepatitis", "hepatitis C yes, hepatitis B no", "hcv"), ("hepatitis", "HCV positive, HBV negative", "hcv"),
    ("hepatitis", "乙肝阴性", "neither"), ("hepatitis", "hep b? no", "neither"),
    ("autoimmune_disease", "lupus - negative", "no"),
    ("dialysis", "dialysis, no", "no"), ("dialysis", "透析也没做", "no"),
]


@pytest.mark.parametrize("criterion_id, text, key", RECORDED)
def test_answers_recorded_as_written(trial, criterion_id, text, key):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == key and not c.clarify, c


def test_a_diabetes_medicine_alone_is_asked_about_and_a_sugar_value_decides(trial):
    from bot.understanding import interpret

    c = trial.criterion("diabetes_control")
    assert not interpret.read(c, "on metformin", TODAY).recorded  # the sugar decides: asked
    reading = interpret.read(c, "yes, on metformin, fasting sugar about 7.5", TODAY)
    assert reading.recorded and reading.value == "controlled"


def test_two_named_answers_that_disagree_are_never_recorded(trial):
    from bot.understanding import interpret

    reading = interpret.read(trial.criterion("surgery_possible"), "一个说能切一个说不能，两家医院说法不一样", TODAY)
    assert not reading.recorded


@pytest.mark.parametrize("text, count", [("一两个", 2), ("七个，医生一个一个数给我们看的", 7), ("单发", 1),
                                         ("a single tumour", 1),
                                         ("eight lesions, both lobes", 8), ("two tumours, one in each lobe", 2),
                                         ("Two tumours were found, 3.2 x 2.5 and 1.8 x 1.6 cm", 2)])
def test_tumour_counts_in_more_words(text, count):
    parsed = parse_count(text, 50)
    value = parsed.value["value"] if isinstance(parsed.value, dict) else parsed.value
    assert value == count and not parsed.check, parsed


def test_more_than_ten_keeps_its_bound():
    assert parse_count("10个以上", 50).value["qualifier"] == "gt"


@pytest.mark.parametrize("step, text, value", [
    ("consent_prescreen", "I'd prefer not to answer", "no"), ("consent_prescreen", "隐私不想透露", "no"),
    ("consent_prescreen", "问吧", "yes"), ("consent_prescreen", "行吧", "yes"), ("consent_prescreen", "免了吧", "no"),
    ("consent_share", "别转", "no"), ("consent_share", "Fine by me, pass it on", "yes"),
])
def test_consent_in_everyday_words(step, text, value):
    c = choice.read_choice(choice.STEPS[step], normalize(text), TODAY)
    assert c is not None and c.key == value and not c.clarify, c


def test_a_blood_test_for_an_autoimmune_disease_is_not_the_disease(trial):
    assert rule(trial, "autoimmune_disease", "没有，查过类风湿因子，阴性的").key == "no"
    c = rule(trial, "autoimmune_disease", "类风湿因子阳性")
    assert c.clarify, c


@pytest.mark.parametrize("text, value", [("Please pass it to them", "yes"), ("pass it on", "yes"),
                                         ("I'll pass on that one", "no")])
def test_passing_it_on_is_not_passing(text, value):
    c = choice.read_choice(choice.STEPS["consent_share"], normalize(text), TODAY)
    assert c is not None and c.key == value, c


# 是啥 / 什么 inside 就是 / 还是 or meaning "anything" (啥活都干不了) is not a question asked back.
@pytest.mark.parametrize("text", ["就是啥活都干不了", "还是什么都能做", "就是什么都没有"])
def test_what_words_inside_statements_are_not_questions(text):
    assert not choice.asks_back(normalize(text))


@pytest.mark.parametrize("text", ["ECOG是什么", "这个是啥", "腹水是什么意思"])
def test_what_is_questions_are_still_questions(text):
    assert choice.asks_back(normalize(text))


# A number inside a question, or a figure that is not today's, is read back, never recorded.
@pytest.mark.parametrize("criterion_id, text", [
    ("tumour_count", "Is the tumour thrombus counted as one?"),
    ("tumour_count", "does a 1 cm spot count as one?"),
    ("tumour_count", "my brother had 2 when he had liver cancer"),
    ("largest_tumour_cm", "It was 4 cm in March but they said it has grown since"),
    ("largest_tumour_cm", "最大的5公分，后来又长大了"),
    ("age", "is 76 too old?"),
])
def test_numbers_in_questions_or_from_another_time_are_read_back(trial, criterion_id, text):
    from bot.understanding import interpret

    reading = interpret.read(trial.criterion(criterion_id), text, TODAY)
    assert reading.kind == interpret.CHECK, reading


@pytest.mark.parametrize("criterion_id, text, value", [("tumour_count", "3", 3), ("tumour_count", "两个", 2),
                                                       ("largest_tumour_cm", "4cm", 4.0)])
def test_plain_numbers_are_still_recorded(trial, criterion_id, text, value):
    from bot.understanding import interpret

    reading = interpret.read(trial.criterion(criterion_id), text, TODAY)
    assert reading.kind == interpret.ANSWER and reading.value == value, reading


# Nobody has said yet is "not discussed"; what the person wants is not what the surgeon said.
@pytest.mark.parametrize("text, key", [("I haven't asked and the doctor didn't say", "not_discussed"),
                                       ("No one has brought it up", "not_discussed"),
                                       ("nobody has told us yet", "not_discussed")])
def test_nobody_has_said_yet(trial, text, key):
    c = rule(trial, "surgery_possible", text)
    assert c is not None and c.key == key and not c.clarify, c


@pytest.mark.parametrize("text", ["I don't want surgery", "我爸不想开刀", "she is scared of the operation"])
def test_a_wish_about_surgery_is_asked_back(trial, text):
    from bot.understanding import interpret

    reading = interpret.read(trial.criterion("surgery_possible"), text, TODAY)
    assert reading.kind != interpret.ANSWER, reading


@pytest.mark.parametrize("criterion_id, text, key", [
    # a further one planned says the first was done
    ("prior_cancer_treatment", "yes 1 round of TACE, next one booked", "yes"),
    ("prior_cancer_treatment", "做了一次介入，下次约在月底", "yes"),
    # the clinical words for the symptoms
    ("liver_symptoms", "Only jaundice, no fluid or confusion", "yes"),
    ("liver_symptoms", "he has ascites", "yes"),
    ("liver_symptoms", "no jaundice, no ascites", "no"),
])
def test_more_kinds_recorded(trial, criterion_id, text, key):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == key and not c.clarify, c


@pytest.mark.parametrize("text", ["TACE is booked for next week", "介入下周做"])
def test_a_treatment_only_planned_is_not_done(trial, text):
    c = rule(trial, "prior_cancer_treatment", text)
    assert c is not None and c.key == "no", c


@pytest.mark.parametrize("text, value", [("正确无误", "yes"), ("无误", "yes"), ("没有错", "yes"), ("nothing wrong", "yes"),
                                         ("有误", "no"), ("错了", "no")])
def test_no_mistake_confirms_the_summary(text, value):
    from bot.understanding import interpret

    reading = interpret.read_step("confirm_answers", text)
    assert reading.kind == interpret.ANSWER and reading.value == value, reading


@pytest.mark.parametrize("text", ["a single one", "just a single one, about 8 cm"])
def test_a_single_one_is_one(text):
    assert parse_count(text, 99).value == 1


# Tablets times milligrams each is the daily dose; a brand name is its medicine; a drug name is
# not a month ("Decadron 6 mg" is not "December 6").
@pytest.mark.parametrize("text, key", [("美卓乐 一天4粒 4mg一粒", "yes"), ("强的松一天3片，一片5毫克", "yes"),
                                       ("Im on Decadron 6mg a day", "yes"), ("prednisone 2 tabs of 5 mg", "no"),
                                       ("泼尼松 5mg 一天1片", "no")])
def test_steroid_doses_in_tablets_and_brands(trial, text, key):
    c = rule(trial, "steroids_or_immunosuppressants", text)
    assert c is not None and c.key == key and not c.clarify, c


@pytest.mark.parametrize("text, months", [("decadron 6mg a day", None), ("sept 10", 2.0), ("dec 6th", 11.0)])
def test_month_names_only_as_whole_words(text, months):
    w = timewords.when(normalize(text), TODAY)
    assert (w.low if w.known else None) == (None if months is None else pytest.approx(months - 0.5))


# Only what is true now counts: an infection treated and over is "no", not "pills".
@pytest.mark.parametrize("text, key", [("Nope. Last antibiotics were over a year ago", "no"),
                                       ("finished antibiotics last week", "no"),
                                       ("taking amoxicillin for a chest infection", "pills")])
def test_a_treatment_that_is_over_is_not_now(trial, text, key):
    c = rule(trial, "active_infection", text)
    assert c is not None and c.key == key and not c.clarify, c


# "An operation" alone: for this cancer? asked back. On the liver or the tumour: a treatment.
@pytest.mark.parametrize("text, key, clarify", [("I had an operation", "yes", True), ("he had surgery", "yes", True),
                                                ("had an operation on the liver", "yes", False),
                                                ("surgery to remove the tumour", "yes", False),
                                                ("no surgery, nothing", "no", False)])
def test_an_operation_in_english(trial, text, key, clarify):
    c = rule(trial, "prior_cancer_treatment", text)
    assert c is not None and c.key == key and c.clarify is clarify, c


@pytest.mark.parametrize("text", ["鼻子上基底细胞癌，还没切", "basal cell on my nose, not removed yet"])
def test_a_skin_cancer_not_yet_removed_is_not_recorded_as_cured(trial, text):
    from bot.understanding import interpret

    reading = interpret.read(trial.criterion("other_cancer_5y"), text, TODAY)
    assert reading.kind != interpret.ANSWER, reading


@pytest.mark.parametrize("criterion_id, text, key", [
    ("hepatitis", "B only", "hbv"), ("hepatitis", "just C", "hcv"),
    ("active_infection", "yes he's getting infusions of antibiotics at the local hospital", "iv_or_hospital"),
    ("autoimmune_disease", "polymyalgia rheumatica, the doctor said it's an immune thing", "yes"),
])
def test_letters_infusions_and_rarer_immune_diseases(trial, criterion_id, text, key):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == key and not c.clarify, c


# Session 9 kinds: a doctor's own doubt ("they aren't sure if it's tumour"), one of two medicines
# named together (其中一个), a question that ends a clause before the answer (是指…吗, …伐),
# "done a few times" for something asked about now, about half the day in bed, TB "a while back".
@pytest.mark.parametrize("criterion_id, text, key", [
    ("spread_or_vessel_invasion", "there is a thrombus but they aren't sure if it's tumour or just blood", "yes"),
    ("bleeding_or_blood_thinners", "他吃阿司匹林或者华法林，其中一个", None),
    ("bleeding_or_blood_thinners", "he takes one of them, warfarin or aspirin", None),
    ("dialysis", "做过几次", "yes"), ("dialysis", "做过", "yes"), ("steroids_or_immunosuppressants", "yes, back in 2019", "yes"),
    ("daily_activity", "about half the day he's lying down, the other half he's up and about", "self_care"),
    ("daily_activity", "一半时间躺着", "self_care"), ("active_infection", "Had TB a while back", "tuberculosis"),
])
def test_session_9_answers_a_nurse_checks_first(trial, criterion_id, text, key):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.clarify and (key is None or c.key == key), c


@pytest.mark.parametrize("criterion_id, text", [
    ("pregnant_or_breastfeeding", "喂奶是指喂孙子吗 她帮忙带孙子的"),
    ("bleeding_or_blood_thinners", "阿司匹林跟华法林是一个东西伐 他吃的是其中一个"),
])
def test_a_question_before_the_answer_is_answered_first(trial, criterion_id, text):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.why == choice.QUESTION_NOT_ANSWER


@pytest.mark.parametrize("text, key", [("lying down more than half the day", "needs_help"),
                                       ("in bed less than half the day", "self_care")])
def test_more_or_less_than_half_the_day_in_bed_is_not_the_line(trial, text, key):
    c = rule(trial, "daily_activity", text)
    assert c is not None and c.key == key and not c.clarify, c


def test_dialysis_now_is_recorded_not_asked_when(trial):
    c = rule(trial, "dialysis", "每周三次透析")
    assert c is not None and c.key == "yes" and not c.clarify, c


# A plain "yes" to a question about now goes through the same rule as a named thing: stopped is
# no, a date still to come is now.
@pytest.mark.parametrize("criterion_id, text, key", [
    ("steroids_or_immunosuppressants", "yes, but he came off it in March", "no"),
    ("steroids_or_immunosuppressants", "yes, used to", "no"), ("steroids_or_immunosuppressants", "是的，不过已经停了", "no"),
    ("pregnant_or_breastfeeding", "yes, due in March", "yes"), ("steroids_or_immunosuppressants", "yes, still taking it", "yes"),
])
def test_a_plain_yes_to_a_question_about_now(trial, criterion_id, text, key):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == key and not c.clarify, c


# Who the patient is says the sex: kin words and pronouns, and the typist's own relation ("I'm
# her son" is about a woman); a kin word inside a longer one is that one (姐夫 is a man).
@pytest.mark.parametrize("text, key", [
    ("my step-mother", "female"), ("she", "female"), ("f, 61", "female"), ("我姐", "female"), ("舅妈", "female"),
    ("我哥", "male"), ("姐夫", "male"), ("he", "male"), ("I'm her son", "female"), ("我是她儿子", "female"),
    ("I'm his daughter", "male"),
])
def test_the_patients_sex_from_who_they_are(trial, text, key):
    c = rule(trial, "sex", text)
    assert c is not None and c.key == key and not c.clarify, c


# Agreeing and refusing said of someone else or in a few words.
@pytest.mark.parametrize("text, key", [
    ("Dad's a firm no on that one", "no"), ("我爸不肯", "no"), ("my wife is against it", "no"), ("不同意", "no"),
    ("Dad says go ahead", "yes"), ("I'm not against it", "yes"), ("he doesn't mind", "yes"), ("不介意", "yes"),
    ("我妈同意的", "yes"), ("还在考虑中", "not_sure"), ("I can't decide right now", "not_sure"),
])
def test_samples_agreed_or_refused_in_everyday_words(trial, text, key):
    c = rule(trial, "sample_consent", text)
    assert c is not None and c.key == key and not c.clarify, c


# Hepatitis B and C read one by one, each in its own clause.
@pytest.mark.parametrize("text, key", [
    ("only B, the C test was negative", "hbv"), ("B yes, C no", "hbv"), ("C. Not B.", "hcv"), ("It's the B", "hbv"),
    ("乙肝丙肝查过了，阴性", "neither"), ("乙肝，不是丙肝", "hbv"), ("b and c both negative", "neither"),
    ("乙肝有，丙肝也有", "both"),
])
def test_hepatitis_b_and_c_each_read(trial, text, key):
    c = rule(trial, "hepatitis", text)
    assert c is not None and c.key == key and not c.clarify, c


@pytest.mark.parametrize("text", ["I think it's B", "hep B vaccinated, no C", "is it B or C?"])
def test_hepatitis_letters_are_not_settled_when_unsure_or_named_otherwise(trial, text):
    c = rule(trial, "hepatitis", text)
    assert c is None or c.why != "B and C each read", c


# One birth-control method refused is not a refusal of birth control.
@pytest.mark.parametrize("text", ["I don't want hormone pills, the liver doctor said they're bad", "不想吃避孕药"])
def test_one_method_refused_is_asked_back(trial, text):
    c = rule(trial, "contraception", text)
    assert c is not None and c.clarify, c


# A count among dates, ages and liver segments: those numbers are not counts.
@pytest.mark.parametrize("text, value", [
    ("Dad's CT on 12 June says 3 lesions, the largest 4.5cm in segment 8", 3),
    ("MRI from last week: 4 lesions, segments 5, 6, 7 and 8", 4),
    ("just the 1 tumour (found on 2 Sept, he turned 60 on the 5th)", 1),
    ("the MRI on the 14th, he is 72, two days later it says four", 4), ("may 3 tumours", 3), ("Sept 2: 3 nodules", 3),
])
def test_a_count_among_dates_ages_and_segments(text, value):
    parsed = parse_count(text, 20)
    assert parsed.value == value and not parsed.check, parsed


@pytest.mark.parametrize("text", ["Blood is fine. Not keen on extra tissue biopsies though.", "抽血可以，组织就算了",
                                  "only blood please"])
def test_samples_agreed_in_part_are_asked_back(trial, text):
    c = rule(trial, "sample_consent", text)
    assert c is not None and c.clarify, c


# "I'd rather not say" is recorded as said, at every question (the team sees it; the verdict is
# unknown), not turned into "not sure" nor asked again: only sensitive questions show the button.
@pytest.mark.parametrize("criterion_id, text", [
    ("hepatitis", "I'd rather not say"), ("hepatitis", "这个不方便讲"), ("lung_disease", "不想说"),
    ("age", "年纪就不说了吧"), ("age", "skip"), ("liver_symptoms", "prefer not to discuss"),
    ("other_cancer_5y", "以前的病就不想多说"),
])
def test_not_wanting_to_say_is_recorded_as_said_for_every_question(trial, criterion_id, text):
    from bot.rules import verdicts_by_key
    from bot.understanding import interpret

    reading = interpret.read(trial.criterion(criterion_id), text)
    assert (reading.kind, reading.value) == (interpret.ANSWER, "prefer_not")
    assert verdicts_by_key(trial.criteria, {criterion_id: "prefer_not"})[trial.criterion(criterion_id).verdict_key] == "unknown"


# A transplanted kidney stays one however long ago (record E11: recipients of renal replacement
# therapy); dialysis said as sessions a week is dialysis.
@pytest.mark.parametrize("text", ["我爸肾移植十年了", "kidney transplant in 2010, doing well", "换肾好多年了",
                                  "我爸一礼拜透三次，在市中医院做的", "每周透两次"])
def test_a_transplant_long_ago_and_dialysis_sessions_are_read_as_yes(trial, text):
    found = rule(trial, "dialysis", text)
    assert found is not None and found.key == "yes" and not found.clarify, found


# High blood pressure alone is asked back; with a reading under 140/90 it is answered: the
# pills work ("controlled with pills, around 130" was once read as uncontrolled).
@pytest.mark.parametrize("text, key, asked_back", [
    ("我爸高血压吃药的，控制在130/80左右", "no", False),
    ("high blood pressure, controlled with pills, around 130", "no", False),
    ("高血压，吃药后还是140/90", "yes", True),  # an exclusion: read back first
    ("高血压", "yes", True),
    ("高血压，放过支架，血压120/80", "yes", True),  # the stent is still asked about
])
def test_high_blood_pressure_with_a_reading(trial, text, key, asked_back):
    found = rule(trial, "heart_or_blood_pressure", text)
    assert found is not None and found.key == key and found.clarify == asked_back, found


# -- Session 12 kinds ---------------------------------------------------------------------------

# A lung disease a nurse would ask about (COPD, asthma) is settled by what the message says of it:
# oxygen or "severe" make it serious, "mild" makes it not; alone it is asked back.
@pytest.mark.parametrize("text, key, asked_back", [
    ("COPD, on home oxygen", "yes", False),
    ("慢阻肺，家里有制氧机，每天要吸几个钟头", "yes", False),
    ("Yes, I have COPD stage 4", "yes", False),
    ("肺气肿蛮严重的 出门要带个氧气袋", "yes", False),
    ("矽肺二期，医生说肺功能很差了", "yes", False),
    ("现在肺部感染在住院，一直吸着氧", "yes", False),
    ("Mild asthma, I use an inhaler a couple of times a month, never needed oxygen", "no", False),
    ("老慢支不严重，冬天咳几声", "no", False),
    ("COPD", "yes", True),
    ("有哮喘", "yes", True),
])
def test_lung_disease_said_with_how_serious_it_is(trial, text, key, asked_back):
    c = rule(trial, "lung_disease", text)
    assert c is not None and c.key == key and c.clarify == asked_back, c


@pytest.mark.parametrize("text, asked_back", [
    ("Heart attack in March, had a stent", False), ("前年心梗，放了两个支架", False), ("放过支架", True),
])
def test_a_stent_after_a_heart_attack_needs_no_question_of_its_own(trial, text, asked_back):
    c = rule(trial, "heart_or_blood_pressure", text)
    assert c is not None and c.key == "yes" and c.clarify == asked_back, c


# Where the cancer went, named by the place: bones, glands, the belly's lining, the adrenal.
@pytest.mark.parametrize("text, key", [
    ("metastasis to the rib", "yes"), ("Bone scan showed a spot on his spine", "yes"),
    ("Adrenal gland metastasis, left side", "yes"), ("peritoneal seeding, yes", "yes"),
    ("They said it's gone into the lymph glands by the stomach", "yes"), ("lymph nodes near the stomach are involved", "yes"),
    ("there are metastases in both lungs", "yes"),
    ("骨头上也有了，腰椎那块", "yes"), ("晚期了，肺上骨头上都有", "yes"), ("有肾上腺转移", "yes"),
    ("没有，就是腰椎间盘突出", "no"), ("bone scan was clear", "no"), ("no, the bone scan and chest CT were clean", "no"),
    ("no metastasis. 'No extrahepatic metastasis' is written on the report", "no"),
])
def test_spread_named_by_the_place(trial, text, key):
    c = rule(trial, "spread_or_vessel_invasion", text)
    assert c is not None and c.key == key, c


# A drip or a hospital stay said as the whole answer to "are you being treated for an infection
# now?" is that treatment; said with something else, what it is for is asked.
@pytest.mark.parametrize("text, key, asked_back", [
    ("IV", "iv_or_hospital", False), ("Yes, with a drip.", "iv_or_hospital", False), ("住院了", "iv_or_hospital", False),
    ("有 在挂", "iv_or_hospital", False), ("在输抗生素", "iv_or_hospital", False),
    ("蜂窝织炎，挂了好几天水了", "iv_or_hospital", False),
    ("I'm admitted at the moment for cholangitis", "iv_or_hospital", False),
    ("I switched from IV to tablets when I left hospital last week, still taking them", "pills", False),
    ("挂完盐水了，现在改吃药了", "pills", False),
    ("He was on a drip every day at the local clinic for an 'inflammation', finished last week", "no", False),
    ("没有，在挂的是护肝的水，不是消炎的", "no", False),
    ("She's not on any antibiotics or drips, no infection", "no", False),
])
def test_a_drip_or_a_hospital_stay_for_an_infection(trial, text, key, asked_back):
    c = rule(trial, "active_infection", text)
    assert c is not None and c.key == key and c.clarify == asked_back, c


def test_a_hospital_stay_for_something_else_is_asked_about(trial):
    c = rule(trial, "active_infection", "in hospital for my liver surgery")
    assert c is None or c.clarify or c.key != "iv_or_hospital", c


# TB found and not treated, treated for a few weeks only, or still being treated, is TB now; TB
# fully treated is not; untreated TB with a time that may be over a year ago (去年, "last spring")
# is asked about: the record counts it within the past year.
@pytest.mark.parametrize("text, key, asked_back", [
    ("they found TB last spring never got treated", "tuberculosis", True),
    ("TB found in February, I didn't take the treatment because of my liver", "tuberculosis", False),
    ("He had TB in spring but stopped the medicine after a few weeks", "tuberculosis", False),
    ("Got TB diagnosed in August, still on medication", "tuberculosis", False),
    ("I'm taking pills for tuberclosis", "tuberculosis", False),
    ("去年查出来有结核 没去治", "tuberculosis", True),
    ("去年查出肺结核，药吃了一个来月就没吃了", "tuberculosis", True),
    ("痰里查到结核菌，还没开始治", "tuberculosis", False),
    ("yes they said active TB, I'm in hospital for it", "tuberculosis", False),
    ("She had TB as a child, in the 60s, treated", "no", False),
    ("肺结核是2016年的，规范吃了半年药，早好了", "no", False),
    ("TB three years ago, never treated", "tuberculosis", True),
    ("2019年查出结核没去治", "tuberculosis", True),
])
def test_tuberculosis_not_treated(trial, text, key, asked_back):
    c = rule(trial, "active_infection", text)
    assert c is not None and c.key == key and c.clarify == asked_back, c


# "Last year" and 去年 are counted back from today's date, not as "1 to 23 months".
@pytest.mark.parametrize("text, today, inside", [
    ("去年拉过黑便", date(2026, 11, 25), False), ("a bleed last year", date(2026, 11, 25), False),
    ("去年拉过黑便", date(2027, 1, 10), None), ("in the last year", date(2026, 11, 25), None),
    ("前年", date(2026, 11, 25), False), ("this year", date(2026, 2, 1), True),
])
def test_calendar_years_are_counted_from_today(text, today, inside):
    assert timewords.when(normalize(text), today).within(3) is inside


@pytest.mark.parametrize("text", ["I had a bleed last year from varices, none since", "去年拉过黑便"])
def test_a_bleed_last_calendar_year_is_outside_three_months(trial, text):
    c = rule(trial, "bleeding_or_blood_thinners", text)
    assert c is not None and c.key == "no" and not c.clarify, c


# A medicine name one letter off is the medicine; two letters off it is read back; a Chinese
# disease name is never guessed (肺结节, a nodule, is not 肺结核) and neither are words of grammar.
@pytest.mark.parametrize("criterion_id, text, key, asked_back", [
    ("bleeding_or_blood_thinners", "I take warfrin every day", "yes", False),
    ("bleeding_or_blood_thinners", "在吃华法琳因为房颤", "yes", False),
    ("bleeding_or_blood_thinners", "吃拜瑞托 医生说腿上有血栓", "yes", False),
    ("bleeding_or_blood_thinners", "warafin 3mg", "yes", True),
    ("bleeding_or_blood_thinners", "xeralto", "yes", True),
    ("steroids_or_immunosuppressants", "prednisolne 20mg daily", "yes", False),
])
def test_misspelt_medicine_names(trial, criterion_id, text, key, asked_back):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == key and c.clarify == asked_back, c


@pytest.mark.parametrize("criterion_id, text", [
    ("active_infection", "肺上有个结节，没别的"),
    ("active_infection", "去年肺炎住过院，早就好了"),
    ("drug_allergy", "Allergic to the CT contrast dye, got hives"),
])
def test_near_names_that_are_other_words_are_not_misspellings(trial, criterion_id, text):
    c = rule(trial, criterion_id, text)
    assert c is None or "spelt" not in c.why, c


# A refusal anywhere in the answer to a question about being willing is its "no"; "don't mind"
# agrees; refusing one method of birth control, or "no need" at 67, is not a refusal.
@pytest.mark.parametrize("criterion_id, text, key, asked_back", [
    ("contraception", "I refuse", "no", False),
    ("contraception", "Can't agree to it, no", "no", False),
    ("contraception", "We're trying for a baby, so no", "no", False),
    ("contraception", "我老公不肯的，不行", "no", False),
    ("contraception", "避孕这个我们做不到", "no", False),
    ("contraception", "我们还想要个二胎，不避孕", "no", False),
    ("contraception", "noo", "no", False),
    ("contraception", "不用了，他67了", "not_applicable", False),
    ("contraception", "I don't want hormone pills, the liver doctor said they're bad", None, True),
    ("sample_consent", "标本就不要采了", "no", False),
    ("sample_consent", "这个就不了，老人家怕抽血", "no", False),
    ("sample_consent", "Not comfortable with that", "no", False),
    ("sample_consent", "I don't mind at all", "yes", False),
    ("sample_consent", "不介意", "yes", False),
])
def test_willingness_refused_in_everyday_words(trial, criterion_id, text, key, asked_back):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.clarify == asked_back and (key is None or c.key == key), c


@pytest.mark.parametrize("step, text", [
    ("consent_prescreen", "我妈不肯 她说不想让外人晓得她的病"), ("consent_prescreen", "那就这样吧 我们不弄了 谢谢啊"),
    ("consent_share", "My mom says no"), ("consent_share", "I'd prefer you didn't"),
])
def test_consent_refused_in_everyday_words(step, text):
    from bot.understanding import interpret
    reading = interpret.read_step(step, text)
    assert reading.kind == interpret.ANSWER and reading.value == "no", reading


# Unsure whether the thing named next is so: not sure, recorded as said (the team checks), not a
# yes read back. A thing named in another clause still counts.
@pytest.mark.parametrize("criterion_id, text", [
    ("bleeding_or_blood_thinners", "Not sure if any of her pills are blood thinners, I'll have to check"),
    ("bleeding_or_blood_thinners", "不知道吃的药里有没有抗凝的"),
    ("bleeding_or_blood_thinners", "我爸吃的心脏药，不晓得是不是稀释血液的"),
    ("steroids_or_immunosuppressants", "I take something for my arthritis but don't know if it's a steroid"),
    ("steroids_or_immunosuppressants", "不清楚吃的是不是激素"),
    ("spread_or_vessel_invasion", "不知道有没有癌栓"),
    ("liver_symptoms", "I can't remember if the report said ascites"),
    ("liver_cancer_diagnosis", "Not sure, they only said primary liver cancer"),
    ("liver_cancer_diagnosis", "不知道是哪种，医生就跟我们说是肝癌"),
])
def test_unsure_whether_the_named_thing_is_so(trial, criterion_id, text):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == "not_sure" and not c.clarify, c


@pytest.mark.parametrize("text", ["I don't know if it matters but he takes warfarin", "warfarin, not sure if that counts"])
def test_a_medicine_named_outside_the_doubt_is_not_a_not_sure(trial, text):
    c = rule(trial, "bleeding_or_blood_thinners", text)
    assert c is not None and c.key == "yes", c


# Feeding a baby and a positive test in everyday words; "my son" at this question is the baby.
@pytest.mark.parametrize("text, key", [
    ("I'm nursing my baby, she's 8 months", "yes"), ("I'm pumping for my son, he's 4 months", "yes"),
    ("Yes. Breastfeeding my son who is 10 months", "yes"), ("孩子一岁了 还没断奶", "yes"), ("在喂母乳", "yes"),
    ("验孕棒两条杠，医院也确认了", "yes"), ("no, I breastfed my kids but that was 20 years ago", "no"),
    ("我岳父", "not_applicable"),
])
def test_pregnancy_and_feeding_in_everyday_words(trial, text, key):
    c = rule(trial, "pregnant_or_breastfeeding", text)
    assert c is not None and c.key == key, c


# "Type 2" and 2型 name the kind of diabetes, not a glucose value.
@pytest.mark.parametrize("text, key", [
    ("Type 2, fasting usually 11 to 13 even with insulin", "uncontrolled"), ("Yes type 2, usually ~12 fasting", "uncontrolled"),
    ("2型糖尿病，空腹7点几", "controlled"), ("type 1 diabetic, fasting around 6", "controlled"),
])
def test_the_type_of_diabetes_is_not_a_glucose_value(trial, text, key):
    c = rule(trial, "diabetes_control", text)
    assert c is not None and c.key == key and not c.clarify, c


@pytest.mark.parametrize("step, text", [
    ("consent_share", "名字可以电话不给"), ("consent_share", "Yes for the team, but I refuse calls"),
])
def test_a_refusal_said_with_a_yes_is_asked_back(step, text):
    from bot.understanding import interpret
    assert interpret.read_step(step, text).kind != interpret.ANSWER


# Another kind of liver cancer: mixed with bile-duct cancer (the HCC named in it is part of it), or
# a cancer that started elsewhere. A "no" that answers the question does not negate what follows
# a new subject ("no, it was colon cancer that spread to the liver").
@pytest.mark.parametrize("text, key", [
    ("mixed type, HCC and cholangio both, the pathologist said", "other_type"),
    ("Combined hepatocellular-cholangiocarcinoma is what the pathology says", "other_type"),
    ("混合型的，肝细胞和胆管细胞都有", "other_type"), ("不是那种，是胰腺那边转过来的", "other_type"),
    ("No — lung cancer with liver mets", "other_type"), ("uh no it was colon cancer that spread to the liver", "other_type"),
    ("They told me it's cancer in the liver but it started in my bowel", "other_type"),
    ("我爸三年前肠癌开过刀，这次复查发现肝上有转移", "other_type"),
    ("HCC, not mixed", "hcc"), ("HCC, they gave him TACE combined with lenvatinib", "hcc"),
])
def test_other_kinds_of_liver_cancer(trial, text, key):
    c = rule(trial, "liver_cancer_diagnosis", text)
    assert c is not None and c.key == key and not c.clarify, c


@pytest.mark.parametrize("criterion_id, text, key", [
    ("autoimmune_disease", "No - the arthritis in my knees is wear and tear, not rheumatoid", "no"),
    ("lung_disease", "no lung disease, no oxygen - he just coughs", "no"),
    ("bleeding_or_blood_thinners", "no, he has black stools since this morning", "yes"),
])
def test_a_dash_ends_a_clause_and_a_no_before_a_new_subject_answers_the_question(trial, criterion_id, text, key):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == key, c


# A phone number with the country code, an extension, or said in English words; a Chinese mobile
# number with a digit missing is asked again, never stored wrong.
@pytest.mark.parametrize("text, value", [
    ("0086 13735609871", "+8613735609871"), ("+86 150 6814 3392", "+8615068143392"),
    ("0571-86437719 ext 206, that's my office", "057186437719ext206"), ("0576-88721345转8012", "057688721345ext8012"),
    ("one three eight oh five seven one two two three three", "13805712233"), ("+44 7700 900123", "+447700900123"),
])
def test_phone_numbers_as_people_give_them(text, value):
    from bot.understanding import interpret
    reading = interpret.read_step("contact_phone", text)
    assert reading.kind == interpret.ANSWER and reading.value == value, reading


@pytest.mark.parametrize("text", ["138 5712 345", "1385812345", "189 5712", "138123456789"])
def test_a_mobile_number_with_a_digit_missing_is_asked_again(text):
    from bot.understanding import interpret
    assert interpret.read_step("contact_phone", text).kind == interpret.UNCLEAR


def test_a_deletion_request_finds_a_number_stored_with_its_extension():
    from bot.privacy import _same_phone
    assert _same_phone("057186437719ext206", "0571-86437719") and not _same_phone("057186437719ext206", "0571-86437720")


# The words of the answer are not a doubt about it: "没说过" is "the doctor has not discussed it".
@pytest.mark.parametrize("text", ["没说过", "手术的事还没提过", "还没说到这一步，现在还在做检查"])
def test_not_discussed_said_in_words_that_also_mean_not_sure(trial, text):
    c = rule(trial, "surgery_possible", text)
    assert c is not None and c.key == "not_discussed" and not c.clarify, c


# An aside after a no ("no, just a bit tired") or before "nothing else" (就是腿有点肿 别的没有): its
# "a bit" is about the aside, not a doubt about the no.
@pytest.mark.parametrize("criterion_id, text", [
    ("liver_symptoms", "没有，就是有点乏力"), ("liver_symptoms", "腿有点肿，别的都没有"),
    ("lung_disease", "No, just a bit of a smoker's cough"),
    ("alcohol_or_mental_health", "no, I'm a bit stressed about the cancer, that's all"),
    ("drug_allergy", "没 化疗就是有点吐"),
])
def test_an_aside_after_a_no_is_not_a_hedge(trial, criterion_id, text):
    c = rule(trial, criterion_id, text)
    assert c is not None and c.key == "no" and not c.clarify, c


@pytest.mark.parametrize("text", ["有点黄吧", "maybe a bit yellow", "no... well, maybe a little yellow"])
def test_a_hedge_on_the_answer_itself_is_still_read_back(trial, text):
    c = rule(trial, "liver_symptoms", text)
    assert c is None or c.clarify, c


# Session 13, kinds from the training split. Daily activity: help with washing, dressing, eating
# or the toilet, or most of the day in bed or a chair, is the last step; "in bed since…" is now.
@pytest.mark.parametrize("text", [
    "my daughter helps him get washed and dressed every morning", "he's in his recliner most of the day",
    "mostly lying on the couch, the carer helps her to the toilet", "since the HAIC three weeks ago she's mostly in bed",
    "上厕所都要我扶", "自己穿衣服穿不了", "一躺就是一天 饭也要人喂",
])
def test_help_with_personal_care_or_most_of_the_day_in_bed_needs_help(trial, text):
    c = rule(trial, "daily_activity", text)
    assert c is not None and c.key == "needs_help", c


# A normal-level thing they can no longer do ("爬山不行了", 抱不动了) puts them below normal, even
# when they also say "everything else is fine"; carrying loads they still manage is normal.
@pytest.mark.parametrize("text, key", [
    ("家里的事都能做，就是爬山不行了", "light_work"), ("还能带孙子，就是抱不动了", "light_work"),
    ("不像以前那样能下地了，家务还做", "light_work"), ("力气活干不了，其他都能做", "light_work"),
    ("田里还在干，挑担子也行", "normal"),
])
def test_something_they_can_no_longer_do_is_not_outweighed_by_everything_else(trial, text, key):
    c = rule(trial, "daily_activity", text)
    assert c is not None and c.key == key, c


# A named thing used as the topic of a refusal ("转移的事情我们不想多说") is not an answer about it.
@pytest.mark.parametrize("text", ["转移这块的事情不想说", "as for the spread question, I'd rather not say"])
def test_a_named_topic_of_a_refusal_is_prefer_not(trial, text):
    c = rule(trial, "spread_or_vessel_invasion", text)
    assert c is not None and c.key == "prefer_not", c


# "X, does that count?" (算不算) reads X back rather than recording it.
@pytest.mark.parametrize("text", ["桥本甲状腺炎算不算", "she has psoriasis, would that count?"])
def test_a_thing_named_with_does_it_count_is_read_back(trial, text):
    c = rule(trial, "autoimmune_disease", text)
    assert c is not None and c.clarify, c


# A mild reaction to a chemotherapy drug is asked about, not recorded as a bad allergy.
@pytest.mark.parametrize("text", ["奥沙利铂打的时候轻微过敏，调慢了继续打", "just a slight rash with the oxaliplatin"])
def test_a_mild_reaction_to_chemo_is_read_back(trial, text):
    c = rule(trial, "drug_allergy", text)
    assert c is not None and c.clarify, c


# A tumour figure from an old scan is read back: the question asks for the latest one.
@pytest.mark.parametrize("criterion_id, text", [
    ("largest_tumour_cm", "前年查的时候3公分"), ("largest_tumour_cm", "5 cm, but that scan was 8 months ago"),
    ("tumour_count", "两个，不过一直没复查"), ("tumour_count", "2, no scan since the spring of last year"),
])
def test_a_figure_from_an_old_scan_is_read_back(criterion_id, text):
    from bot.trial import get_trial
    from bot.understanding import interpret
    reading = interpret.read(get_trial().criterion(criterion_id), text, TODAY)
    assert reading.kind == interpret.CHECK, reading


# Tablets in one clause and milligrams in the next ("3 tablets a day of prednisone, 5 mg each")
# make one dose: 15 mg is more than 10.
@pytest.mark.parametrize("text", ["3 tablets of prednisone every day, each one 5 mg", "泼尼松每天吃3片，每片5毫克"])
def test_a_dose_said_as_tablets_and_milligrams_apart(trial, text):
    c = rule(trial, "steroids_or_immunosuppressants", text)
    assert c is not None and c.key == "yes", c


# Trying to stop drinking and failing is drinking that is hard to control; "quit" inside those
# words does not make it over.
@pytest.mark.parametrize("text", ["he tried to stop drinking many times and couldn't", "戒酒戒了三回，没戒成"])
def test_failing_to_quit_drinking_is_not_quitting(trial, text):
    c = rule(trial, "alcohol_or_mental_health", text)
    assert c is not None and c.key == "yes", c


# 不久前 ("not long ago"), 不少 ("quite a lot") at the start are not a no; 不想填 is not wanting to say.
@pytest.mark.parametrize("criterion_id, text, not_key", [
    ("bleeding_or_blood_thinners", "不久前吐过血", "no"), ("lung_disease", "不少年了，一直要吸氧", "no"),
])
def test_words_that_start_with_a_negation_character_are_not_a_no(trial, criterion_id, text, not_key):
    c = rule(trial, criterion_id, text)
    assert c is None or c.key != not_key, c


@pytest.mark.parametrize("text", ["这个不想填", "dont knw"])
def test_not_wanting_to_fill_in_and_a_misspelt_dont_know(trial, text):
    c = rule(trial, "autoimmune_disease", text)
    assert c is not None and c.key in ("prefer_not", "not_sure"), c


# "Several", 多发, "too many to count": a nurse asks about how many (saying "not sure" is fine).
@pytest.mark.parametrize("text", ["the report just says multiple", "好几个", "a few of them"])
def test_several_tumours_without_a_number_are_asked_about(text):
    from bot.trial import get_trial
    from bot.understanding import interpret
    reading = interpret.read(get_trial().criterion("tumour_count"), text, TODAY)
    assert reading.kind == interpret.UNCLEAR and reading.problem == "count_many", reading


def test_the_question_about_how_many_has_its_hint_in_both_languages():
    import yaml
    domain = yaml.safe_load(open("domain.yml", encoding="utf-8"))
    texts = domain["responses"]["utter_hint_count_many"]
    assert len(texts) == 2 and "不确定" in texts[1]["text"] and "Not sure" in texts[0]["text"]


# Daily activity, more kinds: a light job "都干不动了" is that job not possible (not a can and a
# separate limit); "but I can't…" belongs to the next clause; "too weak to look after myself";
# someone moved in to look after them.
@pytest.mark.parametrize("text, key", [
    ("家务也做不动了，吃饭洗澡自己还行", "self_care"), ("I wash and dress myself but I can't do anything else", "self_care"),
    ("自己能吃能穿，就是没力气上班，躺的时间不到一半", "self_care"),
    ("too weak to look after herself, my son moved in to take care of her", "needs_help"),
    ("他现在下床都困难，一直是我在照顾他", "needs_help"),
])
def test_daily_activity_kinds_session_13(trial, text, key):
    c = rule(trial, "daily_activity", text)
    assert c is not None and c.key == key, c


# A blood thinner stopped for a procedure may start again: read back, not "no". Nosebleeds that
# come often or will not stop, bruises from nothing, low platelets: a bleeding tendency.
@pytest.mark.parametrize("text", ["she came off the rivaroxaban three days ago for the operation", "穿刺前停了几天华法林"])
def test_a_blood_thinner_paused_for_a_procedure_is_read_back(trial, text):
    c = rule(trial, "bleeding_or_blood_thinners", text)
    assert c is not None and c.key == "yes" and c.clarify, c


@pytest.mark.parametrize("text", ["frequent nosebleeds this month", "his nose bleeds every day and it won't stop easily",
                                  "big bruises all over, we don't know from what", "这阵子老流鼻血"])
def test_a_bleeding_tendency_said_in_everyday_words(trial, text):
    c = rule(trial, "bleeding_or_blood_thinners", text)
    assert c is not None and c.key == "yes", c
