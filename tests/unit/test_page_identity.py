"""The page says whose page it is: hospital, department, the study, an enquiry phone and the
ethics approval number, from configuration, with clearly marked placeholders until set."""

from bot.trial import load_trial
from web.page import render_page


def header_and_footer(html: str) -> str:
    return html[html.index("<header"):html.index("</header>")] + html[html.index("<footer"):html.index("</footer>")]


def test_unset_facts_are_marked_placeholders_never_invented(monkeypatch):
    for name in ("SITE_DEPARTMENT", "SITE_CONTACT_PHONE", "ETHICS_APPROVAL_NUMBER"):
        monkeypatch.delenv(name, raising=False)
    trial = load_trial()
    for language, placeholder in (("en", "to be confirmed by the study team"), ("zh", "待研究团队确认")):
        shown = header_and_footer(render_page(trial, language))
        assert shown.count(f'<span class="placeholder">{placeholder}</span>') == 3
        assert trial.trial.site.name.get(language) in shown and trial.trial.name.get(language) in shown
        assert 'href="tel:' not in shown and 'href="#privacy"' in shown and 'href="#contact"' in shown


def test_configured_facts_are_shown_and_the_phone_is_a_call_link(monkeypatch):
    monkeypatch.setenv("SITE_DEPARTMENT", "Department of Hepatobiliary Surgery")
    monkeypatch.setenv("SITE_DEPARTMENT_ZH", "肝胆胰外科")
    monkeypatch.setenv("SITE_CONTACT_PHONE", "0571-8812 2222")
    monkeypatch.setenv("ETHICS_APPROVAL_NUMBER", "IRB-2025-<001>")
    trial = load_trial()
    en, zh = header_and_footer(render_page(trial, "en")), header_and_footer(render_page(trial, "zh"))
    assert "Department: Department of Hepatobiliary Surgery" in en and "科室：肝胆胰外科" in zh
    assert '<a href="tel:057188122222">0571-8812 2222</a>' in en
    assert "IRB-2025-&lt;001&gt;" in zh and "<001>" not in zh  # escaped like every configured value
    assert "placeholder" not in en + zh
