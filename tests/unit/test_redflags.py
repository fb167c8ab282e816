"""Emergencies in English and Chinese, with negation and past-tense handling."""

import pytest

from bot.understanding.parsing import normalize
from bot.understanding.redflags import detect

NOW = [
    ("I am vomiting blood", "gi_bleeding"), ("I'm throwing up blood", "gi_bleeding"), ("black stools", "gi_bleeding"),
    ("there is blood in my stool", "gi_bleeding"), ("我现在在吐血", "gi_bleeding"), ("大便发黑", "gi_bleeding"),
    ("拉血了", "gi_bleeding"), ("he is very confused", "confusion"), ("she is hard to wake", "confusion"),
    ("他糊涂了，叫不醒", "confusion"), ("sudden severe belly pain", "severe_belly_pain"), ("突然剧烈腹痛", "severe_belly_pain"),
    ("my father fainted", "fainting"), ("她晕倒了", "fainting"), ("I can't breathe", "breathing"),
    ("喘不上气", "breathing"), ("呼吸困难", "breathing"), ("I have chest pain", "chest_pain"), ("胸口痛", "chest_pain"),
    ("I want to kill myself", "self_harm"), ("我不想活了", "self_harm"), ("想自杀", "self_harm"),
]


@pytest.mark.parametrize("text, category", NOW)
def test_emergencies_now(text, category):
    flag = detect(text)
    assert flag is not None and flag.category == category and not flag.in_past


@pytest.mark.parametrize("text", ["no", "没有", "I have no black stools", "没有吐血", "never vomited blood",
                                  "I don't have chest pain", "not confused", "58", "hepatitis B",
                                  "I can breathe fine", "不胸痛", "affaint"])
def test_no_emergency(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", ["I vomited blood last year", "去年吐过血", "I fainted years ago", "以前晕倒过",
                                  "black stools 2 months ago"])
def test_past_events_are_not_emergencies(text):
    flag = detect(text)
    assert flag is not None and flag.in_past


@pytest.mark.parametrize("text", ["I vomited blood last year and I am vomiting blood now", "以前吐过血，现在又在吐血"])
def test_now_beats_past(text):
    flag = detect(text)
    assert flag is not None and not flag.in_past and flag.explicitly_now


def test_past_events_point_to_their_criterion():
    assert detect("吐血").criterion == "bleeding_or_blood_thinners"
    assert detect("he is very confused").criterion == "liver_symptoms"
    assert detect("chest pain").criterion is None


@pytest.mark.parametrize("text", [None, "", "\x00", "😀" * 10000, "吐" * 100000, 5])
def test_never_raises(text):
    detect(text)


# Kinds of look-alikes: negation inside a phrase, "none" after the symptom, the form
# confusing a relative, "if"/"god forbid" over a comma, people in general, over and not since.
@pytest.mark.parametrize("text", [
    "mum is not confused at all", "his stool isn't black", "poo is brown, not black", "黑便没有", "吐血也没得",
    "my husband is confused by this question", "i'm lost, which question is this?",
    "god forbid he passes out again, who do we call", "要是晚上他突然肚子剧痛了，能直接来你们医院吗",
    "what kind of belly pain means we should go to hospital?", "电视上说肝硬化的人会吐血",
    "in 2022 he vomited blood, they banded the veins, not one drop of blood since", "胸口有点闷，偶尔的，医生看过说没事",
])
def test_lookalikes_do_not_stop_the_screening(text):
    flag = detect(text)
    assert flag is None or not flag.is_emergency, flag


@pytest.mark.parametrize("text", [
    "he is not breathing properly and is confused", "if he faints again… he just fainted right now", "黑便没停",
    "is it bad that he's throwing up blood?", "my dad keeps fainting, what do we do?", "吐血止不住怎么办",
    "what should I do, my mum is vomiting blood", "他一直在吐血要不要紧",
])
def test_emergencies_inside_questions_and_negations_still_stop(text):
    flag = detect(text)
    assert flag is not None and flag.is_emergency, flag


@pytest.mark.parametrize("text", ["what do we do? vomiting blood a lot", "what should I do, lots of black stool",
                                  "he hasn't stopped vomiting blood", "没有力气 叫不醒", "他不认人了", "吐了好多血 怎么办啊"])
def test_a_plea_for_help_and_symptom_wordings_are_emergencies(text):
    flag = detect(text)
    assert flag is not None and flag.is_emergency, flag


@pytest.mark.parametrize("text", [
    "I wouldn't say he's confused, he's just shy", 'the "black stools" question, do you mean now or ever?',
    "那个吐血的选项我选否", "would he still qualify if he had a bleed before?", "she wants to die at home when the time comes",
    "i just avoid that medicine now",
    "I'm fainting from hunger lol", "get out of breath going up the hill, always have",
])
def test_more_lookalikes_do_not_stop_the_screening(text):
    flag = detect(text)
    assert flag is None or not flag.is_emergency, flag


@pytest.mark.parametrize("text", ["he's not breathing properly", "is it normal to want to die? i do, right now",
                                  "she keeps stopping breathing"])
def test_more_emergencies(text):
    flag = detect(text)
    assert flag is not None and flag.is_emergency, flag


@pytest.mark.parametrize("text", ["我爸上气不接下气", "他答非所问", "眼睛往上翻", "叫他不太醒", "手脚冰凉 出冷汗", "拉的全是血"])
def test_chinese_everyday_wordings_of_emergencies(text):
    flag = detect(text)
    assert flag is not None and flag.is_emergency, flag


@pytest.mark.parametrize("text", ["以前拉过血，现在没有", "意识很好，人很清楚", "冬天手脚冰凉，一直这样", "拉肚子，没有血"])
def test_chinese_lookalikes_of_those_wordings(text):
    flag = detect(text)
    assert flag is None or not flag.is_emergency, flag


@pytest.mark.parametrize("text, category", [
    ("I dont plan on being alive by the end of the month", "self_harm"),
    ("honestly I wish I could just go to sleep and never wake up", "self_harm"),
    ("I've been saving up my sleeping pills", "self_harm"),
    ("what's the point in living like this", "self_harm"),
    ("活着有什么意思，不想治了", "self_harm"), ("想一死了之", "self_harm"), ("攒了一瓶安眠药", "self_harm"),
    ("他把我认成他妹妹了", "confusion"), ("我妈今天目光呆滞，叫她也不太理", "confusion"),
    ("我爸现在气急得很，嘴唇发紫", "breathing"), ("躺平就喘，只能坐起来", "breathing"),
    # self-harm said with a method or a plan, without the word "suicide"
    ("I've saved up all my sleeping pills and tonight is the night", "self_harm"),
    ("he's talking about hanging himself", "self_harm"), ("how many of these morphine tablets would it take", "self_harm"),
    ("she has taken a whole box of her tablets", "self_harm"), ("I'm going to end it after I finish this form", "self_harm"),
    ("wrote goodbye letters to all of us today", "self_harm"), ("我把止痛药都攒好了", "self_harm"),
    ("他拿着绳子进了房间", "self_harm"), ("吃多少片安眠药会死", "self_harm"), ("wo bu xiang huo le", "self_harm"),
    ("我妈站在阳台边上说要跳", "self_harm"), ("他刚才用刀片划了手腕", "self_harm"),
    # bleeding, belly pain, fainting, jaundice, swelling, breathing and shock in everyday words
    ("he keeps bringing up brown gritty stuff like coffee", "gi_bleeding"), ("his poo is black and sticky today", "gi_bleeding"),
    ("他刚吐的东西像酱油一样", "gi_bleeding"), ("dad is doubled over holding his belly, worst pain ever", "severe_belly_pain"),
    ("his tummy has gone rock hard and he screams if you touch it", "severe_belly_pain"),
    ("我爸刚才吃着饭人往后一仰没知觉了", "fainting"), ("婆婆刚刚在浴室里倒了", "fainting"),
    ("since yesterday her skin has gone yellow really fast", "jaundice_sudden"),
    ("他肚子这两天胀得飞快，皮都发亮了", "belly_swelling_fast"), ("他现在一直喘，指甲盖都发紫了", "breathing"),
    ("手冰冰的湿湿的，脉都摸不到了，脸煞白", "shock"), ("she doesn't recognise me since this morning, just staring", "confusion"),
])
def test_emergencies_in_everyday_words(text, category):
    flag = detect(text)
    assert flag is not None and flag.is_emergency and flag.category == category, flag


@pytest.mark.parametrize("text", [
    "气得我气急败坏的", "what is the point of this question", "病人有轻生的念头可以找谁", "wish I could skip this question",
    # self-harm dated in the past with nothing saying it is back, or denied
    "I tried to kill myself 10 years ago, I'm fine now", "刚确诊的时候有过不想活的念头 现在心态好多了",
    "he attempted suicide years ago, not now", "I don't want to die, that's why I'm here",
    # look-alikes of the everyday wordings
    "he loves black pudding, is that allowed?", "my dad doesn't tell us how much he drinks",
    "wan yi ta tu xue le hai neng can jia ma", "the doctor didn't tell us the number",
])
def test_figures_of_speech_and_questions_about_help_are_not_emergencies(text):
    flag = detect(text)
    assert flag is None or not flag.is_emergency, flag


# Minutes and hours ago are now, however the number is written, even when the message also
# asks something ("does that count for this question?", 还要继续填吗).
@pytest.mark.parametrize("text, category", [
    ("he threw up something like coffee grounds about 20 min ago, does that count?", "gi_bleeding"),
    ("she fainted half an hour ago. do I keep filling this in?", "fainting"),
    ("吐了一大口血，半小时前的事，这个要算吗", "gi_bleeding"),
    ("一上午晕了两次了 还要继续填吗", "fainting"),
    ("两个小时前拉了黑便，还要填这个吗", "gi_bleeding"),
])
def test_what_happened_minutes_or_hours_ago_is_now_even_with_a_question(text, category):
    flag = detect(text)
    assert flag is not None and flag.is_emergency and flag.category == category, flag


@pytest.mark.parametrize("text", ["20 minutes ago", "about 2 hrs ago", "an hour ago", "半小时前", "10分钟前", "两个小时以前"])
def test_minutes_and_hours_ago_say_now(text):
    from bot.understanding import timewords

    assert timewords.says_now(normalize(text))


@pytest.mark.parametrize("text", ["3 days ago", "two years ago", "去年", "三个月前"])
def test_days_months_and_years_ago_do_not_say_now(text):
    from bot.understanding import timewords

    assert not timewords.says_now(normalize(text))


# Someone outside the family, a figure of speech, a scare that turned out to be nothing, a
# time that is over: not this patient's emergency.
@pytest.mark.parametrize("text", [
    "Our neighbour vomited blood last night and went to the ER, it scared us, but dad is okay",
    "隔壁床的阿姨昨天夜里吐血了，吓死人，我爸倒没事",
    "这破网页又卡死了，我快要吐血了",
    "这表格填得我快吐血了哈哈",
    "刚才吓死我了，以为他晕过去了，其实是睡着了，一叫就醒",
    "十年前有一阵子想过轻生，看了心理医生，现在早就好了",
    "none. her face didn't swell, no hives, no breathing problem with any chemo",
])
def test_outsiders_figures_scares_and_times_that_are_over_are_not_emergencies(text):
    flag = detect(text)
    assert flag is None or not flag.is_emergency, flag


# But a family member or the writer named with the symptom still counts: missing one is the
# worst error.
@pytest.mark.parametrize("text", [
    "my neighbour called me, dad is vomiting blood",
    "我爸刚才吐血了，隔壁床的阿姨帮忙叫了护士",
    "our neighbour collapsed and isn't breathing, I'm with him",
    "他在隔壁房间晕倒了，叫不醒",
])
def test_an_outsider_in_the_message_does_not_hide_a_family_emergency(text):
    flag = detect(text)
    assert flag is not None and flag.is_emergency, flag


@pytest.mark.parametrize("text", ["can you call me back, he's struggling to breathe and i don't know if i should drive him in",
                                  "not sure if I should call, he's been vomiting blood"])
def test_not_knowing_what_to_do_is_not_a_what_if(text):
    flag = detect(text)
    assert flag is not None and flag.is_emergency, flag


@pytest.mark.parametrize("text", [
    # A plan or the means at hand is a warning now, even said as "some day" or inside a question.
    "我把安眠药都攒起来了，哪天撑不住就全吃了", "he keeps asking whether the bridge near our flat is high enough",
    "怀孕？我都七十了。我准备这两天去江边", "she's been saving up her sleeping pills, says it's for when she's ready",
])
def test_a_plan_or_the_means_is_an_emergency(text):
    flag = detect(text)
    assert flag is not None and flag.is_emergency and flag.category == "self_harm"


@pytest.mark.parametrize("text, category", [
    ("his belly pain went from nothing to agony in ten minutes", "severe_belly_pain"),
    ("右上腹剧烈疼痛，止痛药吃了也没用", "severe_belly_pain"), ("脸和眼睛这两天一下子黄了，尿像浓茶", "jaundice_sudden"),
    ("she has to lean on the table to breathe", "breathing"), ("we couldn't get him to come round for a minute", "fainting"),
    ("引流管那里化脓了，烧到40度", "fever_infection"), ("血压量出来75/40，人软塌塌的", "shock"),
])
def test_emergencies_said_the_way_families_see_them(text, category):
    flag = detect(text)
    assert flag is not None and flag.is_emergency, flag


@pytest.mark.parametrize("text", ["我家猫今天吐了好几次，回复可能会慢一点哈",
                                  "Our dog's been throwing up all morning, sorry if I'm slow"])
def test_a_pets_sickness_is_not_an_emergency(text):
    flag = detect(text)
    assert flag is None or not flag.is_emergency


@pytest.mark.parametrize("text, category", [
    # Kinds from the training split's cross-validated misses (session 13), in other words.
    ("honestly it would be better for everyone if I wasn't around any more", "self_harm"),
    ("mum says she means to be gone before the next round of chemo", "self_harm"),
    ("他说反正下个月复查之前就准备自己走了", "self_harm"),
    ("给女儿的信已经写好了，不想再撑了", "self_harm"),
    ("我准备趁家里没人去江边", "self_harm"),
    ("婆婆前天开始人黄黄的", "jaundice_sudden"),
    ("这几天他肚子胀得像怀孕一样", "belly_swelling_fast"),
    ("half his face has slipped and he can't say his own name", "stroke"),
    ("刚吃完饭突然肚子疼得要死", "severe_belly_pain"),
    ("我爸今天突然不对劲，问他我是谁都说不上来", "confusion"),
    ("cnt catch my breth", "breathing"),
])
def test_kinds_the_word_list_reads_without_the_second_opinion(monkeypatch, text, category):
    from bot.understanding import redflags

    monkeypatch.setattr(redflags, "_second_opinion", lambda t: (0.0, None))
    flag = detect(text)
    assert flag is not None and flag.is_emergency and flag.category == category, flag


@pytest.mark.parametrize("text", ["Pregnant? No, I'm 70. Black stool? Is that serious?", "I had black stools before",
                                  "下次复查之前要不要停药？"])
def test_an_echo_or_a_future_time_does_not_make_a_question_an_emergency(text):
    flag = detect(text)
    assert flag is None or not flag.is_emergency, flag
