"""Numbers and times as people type them: the pure logic under the understanding layer."""

from datetime import date

import pytest

from bot import rules
from bot.understanding import numbers as n
from bot.understanding import timewords
from bot.understanding.parsing import normalize, parse_age, parse_count, parse_size_cm, parse_viral_load

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("text, value", [
    ("六十二", 62), ("一九六一", 1961), ("十", 10), ("两", 2), ("一万五", 15000), ("一千五", 1500), ("两百五", 250),
    ("一百零五", 105), ("三百二十", 320),
])
def test_chinese_numerals(text, value):
    assert n.chinese_to_int(text) == value


@pytest.mark.parametrize("text, value, low, high, qualifier", [
    ("五公分半", 5.5, 5.5, 5.5, None), ("5,5 cm", 5.5, 5.5, 5.5, None), ("1,500", 1500, 1500, 1500, None),
    ("two and a half", 2.5, 2.5, 2.5, None), ("六点五", 6.5, 6.5, 6.5, None), ("1.5万", 15000, 15000, 15000, None),
    ("两三个", 3, 2, 3, n.RANGE), ("2-3", 3, 2, 3, n.RANGE), ("七八公分", 8, 7, 8, n.RANGE),
    ("about 5", 5, 4.5, 5.5, n.APPROX), ("大概5", 5, 4.5, 5.5, n.APPROX), ("八点多", 8, 8, 8.9, n.APPROX),
    ("<20", 20, 0, 20, n.LESS), ("不到3公分", 3, 0, 3, n.LESS), ("more than 10", 10, 10, float("inf"), n.MORE),
])
def test_quantities_keep_their_qualifier(text, value, low, high, qualifier):
    q = n.quantities(normalize(text))[0]
    assert (q.value, q.low, q.high, q.qualifier) == pytest.approx((value, low, high, qualifier)) if qualifier is None \
        else (q.value, q.low, q.high, q.qualifier) == (pytest.approx(value), pytest.approx(low), pytest.approx(high), qualifier)


@pytest.mark.parametrize("text, low, high", [
    ("58", 58, 58), ("五十八岁", 58, 58), ("born in 1961", 64, 65), ("58年的", 67, 68), ("born in March 1961", 65, 65),
    ("born in December 1961", 64, 64), ("1961-11-26", 64, 64), ("1961-11-25", 65, 65), ("turning 64 next month", 63, 63),
    ("虚岁63", 61, 62), ("17", 17, 17), ("18", 18, 18), ("75", 75, 75), ("76", 76, 76),
])
def test_age_in_every_form_and_at_the_limits(text, low, high):
    parsed = parse_age(text, TODAY.year, TODAY)
    assert parsed.ok and (parsed.value["low"], parsed.value["high"]) == (low, high)


def test_an_approximate_age_is_read_back():
    assert parse_age("六十多", TODAY.year, TODAY).check and parse_age("about 60", TODAY.year, TODAY).check


@pytest.mark.parametrize("text, value", [
    ("一个大的两个小的", 3), ("1 tumor and 2 daughter nodules", 3), ("three tumours", 3), ("单发", 1), ("多发", None),
])
def test_counts_add_up_over_one_answer(text, value):
    parsed = parse_count(text, 50)
    assert parsed.value == value if value is not None else not parsed.ok or parsed.value == "not_sure"


def test_sizes_take_the_largest_and_keep_about():
    assert parse_size_cm("one of 6cm and two small ones of 1cm", 30).value == 6.0
    assert parse_size_cm("52x48mm", 30).value == pytest.approx(5.2)
    assert parse_size_cm("大概五公分", 30).value == {"value": 5.0, "qualifier": "approx", "low": 4.5, "high": 5.5}
    assert parse_size_cm("6", 30).check  # no unit: read back as cm first


@pytest.mark.parametrize("text, value", [
    ("<20 IU/mL", {"value": 20.0, "qualifier": "lt", "low": 0.0, "high": 20.0, "unit": "IU/mL"}),
    ("1.5万拷贝", {"value": 15000.0, "unit": "copies/mL"}),
    ("2.3×10的3次方 IU/mL", {"value": 2300.0, "unit": "IU/mL"}),
])
def test_viral_loads_keep_their_bound(text, value):
    parsed = parse_viral_load(text)
    assert parsed.ok and parsed.value == pytest.approx(value) if "qualifier" not in value else parsed.value == value


@pytest.mark.parametrize("count, size, verdict", [
    (1, 6.0, rules.DOES_NOT_MEET), (1, 6.1, rules.MEETS), (2, 5.0, rules.DOES_NOT_MEET), (3, 4.0, rules.DOES_NOT_MEET),
    (2, {"value": 5.0, "qualifier": "approx", "low": 4.5, "high": 5.5}, rules.UNKNOWN),
    (1, {"value": 8.0, "qualifier": "approx", "low": 7.2, "high": 8.8}, rules.MEETS),
    (2, {"value": 3.0, "qualifier": "lt", "low": 0.0, "high": 3.0}, rules.DOES_NOT_MEET),
    ({"value": 3, "qualifier": "range", "low": 2, "high": 3}, 5.0, rules.UNKNOWN),
    ({"value": 3, "qualifier": "range", "low": 2, "high": 3}, 6.0, rules.MEETS),
])
def test_up_to_seven_with_exact_approximate_and_bounded_values(count, size, verdict):
    assert rules.up_to_seven_verdict(count, size, 7) == verdict


@pytest.mark.parametrize("load, verdict", [
    ({"value": 2000, "unit": "copies/mL"}, rules.MEETS), ({"value": 2001, "unit": "copies/mL"}, rules.DOES_NOT_MEET),
    ({"value": 2000, "unit": "copies/mL", "qualifier": "approx", "low": 1800, "high": 2200}, rules.UNKNOWN),
    ({"value": 20, "unit": "copies/mL", "qualifier": "lt", "low": 0, "high": 20}, rules.MEETS),
    ({"value": 2000, "unit": "IU/mL", "qualifier": "gt", "low": 2000, "high": None}, rules.DOES_NOT_MEET),
])
def test_viral_load_verdict_on_bounds(load, verdict):
    rule = {"hbv_copies_limit": 2000, "hbv_iu_limit": 2000, "hcv_limit": 1000}
    assert rules.viral_load_verdict("hbv", load, rule) == verdict


@pytest.mark.parametrize("text, window, inside", [
    ("two years ago", 3, False), ("去年", 60, True), ("前年", 3, False), ("three weeks ago", 3, True),
    ("半年前", 3, False), ("in 2015", 60, False), ("2022年", 60, True), ("just now", 3, True), ("一直在吃", 3, True),
    ("a while ago", 3, None), ("three months ago", 3, None), ("when I was 20", 60, False),
])
def test_time_windows(text, window, inside):
    assert timewords.when(normalize(text), TODAY).within(window) is inside


@pytest.mark.parametrize("text, window, inside", [
    # A month with its year is one date, not "October" (this year) and "2020" read apart.
    ("2020年10月做的手术", 60, False), ("in October 2020", 60, False), ("Oct. 2022, all clear since", 60, True),
    ("2019-03", 60, False), ("3/2025", 3, False), ("2025年12月", 3, False),
])
def test_a_month_with_its_year(text, window, inside):
    assert timewords.when(normalize(text), TODAY).within(window) is inside


@pytest.mark.parametrize("text, now", [
    # Fine since an event is not the event going on: 后来一直好好的, "nothing since".
    ("前年吐过一次血后来一直好好的", False), ("两年前出过血，一直没再出", False), ("it has been fine ever since", False),
    ("一直没好", True), ("一直在出血", True), ("bleeding on and off since monday", True),
])
def test_fine_since_is_not_now(text, now):
    assert timewords.when(normalize(text), TODAY).now is now


@pytest.mark.parametrize("text, now", [
    ("2 hours ago", True), ("刚才", True), ("still bleeding", True), ("不是最近", False), ("not now", False),
    ("刚确诊的时候", False), ("today", True),
])
def test_now_words(text, now):
    assert timewords.says_now(normalize(text)) is now


@pytest.mark.parametrize("text, name", [
    ("Li Wei", "Li Wei"), ("my name is Chen Jing", "Chen Jing"), ("I am Zhou Min, the patient's daughter", "Zhou Min"),
    ("张伟", "张伟"), ("我叫王芳，是病人的女儿", "王芳"), ("找我儿子李强，他比较懂", "李强"), ("叫我刘阿姨好了", "刘阿姨"),
    ("姓陈", "陈"),
    # A relative named with the name ("ring my husband, Gao Jun", 联系我外甥周涛), a yes before it,
    # a lower-case name said as one or typed in pinyin, 免贵姓, a name with a note after a space.
    ("ring my husband, Gao Jun", "Gao Jun"), ("phone my daughter Lily Zhang", "Lily Zhang"), ("联系我外甥周涛", "周涛"),
    ("打电话找她孙女小燕", "小燕"), ("ok, Hu Jie", "Hu Jie"), ("ask for wenwen", "wenwen"), ("xu guoqiang", "xu guoqiang"),
    ("免贵姓何", "何"), ("钱丽 病人儿媳", "钱丽"), ("找孙女士", "孙女士"), ("Chen Bo — the patient's son", "Chen Bo"),
])
def test_a_name_is_taken_from_a_sentence(text, name):
    from bot.understanding import interpret

    reading = interpret.read_step("contact_name", text)
    assert reading.kind == interpret.ANSWER and reading.value == name


@pytest.mark.parametrize("text", ["打给我吧，我是他儿媳妇，他耳朵不好", "why do you need my name?", "本人", "me",
                                  # no name given, two names, common words in lower case: asked again
                                  "保密", "名字就不写了吧", "rather not", "Ann / Bill", "me or my sister", "thank you",
                                  "call him"])
def test_a_sentence_or_a_relation_is_never_stored_as_a_name(text):
    from bot.understanding import interpret

    assert interpret.read_step("contact_name", text).kind == interpret.UNCLEAR


@pytest.mark.parametrize("text, value", [
    ("mornings, I'm at the hospital in the afternoons", "morning"), ("after dinner", "evening"), ("下午", "afternoon"),
    ("随时都可以", "any_time"), ("Saturday morning", "Saturday morning"), ("下午三点以后", "下午三点以后"),
    ("any time except lunch", "any time except lunch"),
    # A time of day the person is busy is not the time to call; "24 hours" is any time, not a clock time.
    ("他下午要挂水 上午打吧", "morning"), ("早点打 上午他精神好一点", "morning"), ("都可以的 手机24小时开着", "any_time"),
    ("I am free anytime", "any_time"), ("随便什么时候 我退休了天天在家", "any_time"), ("any time after 6", "any time after 6"),
])
def test_contact_times(text, value):
    from bot.understanding.parsing import parse_contact_time

    assert parse_contact_time(text).value == value


@pytest.mark.parametrize("text, value", [
    # Two times, or a time with one not to call: kept as typed, the coordinator reads them.
    ("mornings or afternoons are both ok, never evenings", "mornings or afternoons are both ok, never evenings"),
    ("白天都可以 晚上不要打", "白天都可以 晚上不要打"), ("whenever, just not too early", "whenever, just not too early"),
    # One letter off a long time word; "AM" said alone.
    ("eveninng please", "evening"), ("AM", "morning"), ("am比较好", "morning"),
    # A busy time said before the period is not the time to call; a time in a later clause is
    # the reason for the first ("evenings, in the mornings he's at the clinic").
    ("he's at dialysis in the mornings, afternoon then", "afternoon"),
    ("evenings. in the mornings he's at the clinic", "evening"), ("上午吧，下午要送孩子去补课", "morning"),
    ("not before ten", "not before ten"), ("at lunchtime", "at lunchtime"),
])
def test_contact_times_kept_as_typed_when_they_say_more(text, value):
    from bot.understanding.parsing import parse_contact_time

    assert parse_contact_time(text).value == value


@pytest.mark.parametrize("text", ["idk", "不清楚", "not sure, I'll have to ask my son",
                                  # no time in it, or a question back: never stored as the time
                                  "ring my daughter", "打给我老公", "do you call on Sundays?", "你们几点下班？"])
def test_not_knowing_when_to_call_is_asked_again_with_the_buttons(text):
    from bot.understanding.parsing import parse_contact_time

    assert parse_contact_time(text).problem == "contact_time"


@pytest.mark.parametrize("text, phone", [
    ("call me on 138 1234 5678 after 5pm", "13812345678"), ("手机：１３８１２３４５６７８", "13812345678"),
    ("0571-8812 3456", "057188123456"),
])
def test_a_phone_number_inside_a_sentence(text, phone):
    from bot.understanding import interpret

    reading = interpret.read_step("contact_phone", text)
    assert reading.kind == interpret.ANSWER and reading.value == phone


def test_the_summary_shows_about_and_less_than_with_the_value(engine):
    """The summary (and the portal, which uses the same display) keeps the words people used."""
    approx = {"value": 5.0, "qualifier": "approx", "low": 4.5, "high": 5.5}
    assert engine.display("largest_tumour_cm", approx, "en") == "about 5 cm"
    shown_zh = engine.display("largest_tumour_cm", approx, "zh")
    assert "5" in shown_zh and "左右" in shown_zh
    load = {"value": 20.0, "qualifier": "lt", "low": 0.0, "high": 20.0, "unit": "IU/mL"}
    assert engine.display("viral_load", load, "en") == "less than 20 IU/mL"
    assert engine.display("tumour_count", {"value": 3, "qualifier": "range", "low": 2, "high": 3}, "en") == "2 to 3"
