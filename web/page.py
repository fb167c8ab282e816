"""The page: the trial in plain words (from the trial definition), where, who will call,
privacy, and the chat. Everything is escaped; the page runs no inline script or style."""

from __future__ import annotations

import json
from html import escape

from bot.trial import TrialDefinition
from web.texts import page_texts

ASSET_VERSION = "5"


def render_page(trial: TrialDefinition, language: str) -> str:
    t = page_texts(language)
    other = "en" if language == "zh" else "zh"
    info = trial.trial
    department = info.site.department.get(language) if info.site.department else None
    phone = info.site_contact.phone
    contact = t["contact_text"].format(contact=info.site_contact.name.get(language), hours=info.response_window_hours)
    faq = "".join(
        f"<details><summary>{escape(item.question.get(language))}</summary><p>{escape(item.answer.get(language))}</p></details>"
        for item in trial.faq
    )
    # Texts the widget needs, handed over as JSON data (not script).
    widget_texts = {k: t[k] for k in ("send", "call_120", "emergency_label", "typing", "error", "retry", "too_long", "you", "bot", "delete_confirm",
                                      "deleted", "hello", "progress", "other_language", "rate_limited",
                                      "delete_referral_done", "delete_referral_not_found")}
    return f"""<!doctype html>
<html lang="{'zh-Hans' if language == 'zh' else 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t['title'])}</title>
<link rel="stylesheet" href="/static/chat.css?v={ASSET_VERSION}">
</head>
<body>
<a class="skip" href="#chat">{escape(t['chat_heading'])}</a>
<header class="top">
  <div class="identity">
    <p class="site">{escape(info.site.name.get(language))}</p>
    <p class="dept">{_configured(t['department'], 'department', department, t)}</p>
    <p class="study">{escape(info.name.get(language))}</p>
  </div>
  <a class="lang" href="/{other}/" hreflang="{other}" lang="{'en' if other == 'en' else 'zh-Hans'}"
     data-switch="{escape(t['other_language'])}">{escape(t['other_language'])}</a>
</header>
<main>
  <h1>{escape(t['title'])}</h1>
  <p class="emergency" role="note">{escape(t['emergency'])}</p>
  <section aria-labelledby="about">
    <h2 id="about">{escape(t['about_heading'])}</h2>
    <p>{escape(info.summary.get(language))}</p>
  </section>
  <section aria-labelledby="chat-heading" id="chat" class="chat">
    <h2 id="chat-heading">{escape(t['chat_heading'])}</h2>
    <div class="progress-wrap" hidden><label for="progress">{escape(t['progress'])}</label>
      <progress id="progress" max="1" value="0"></progress></div>
    <div role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="chat-heading">
      <ol id="messages" class="messages"></ol>
    </div>
    <p id="typing" class="typing" hidden>{escape(t['typing'])}</p>
    <form id="composer" class="composer" autocomplete="off">
      <label for="input">{escape(t['input_label'])}</label>
      <div class="row">
        <textarea id="input" name="message" rows="2" maxlength="1000" required></textarea>
        <button type="submit" id="send">{escape(t['send'])}</button>
      </div>
    </form>
    <div class="tools">
      <button type="button" id="start-over" class="secondary">{escape(t['start_over'])}</button>
      <button type="button" id="delete" class="secondary">{escape(t['delete'])}</button>
    </div>
  </section>
  <section aria-labelledby="faq">
    <h2 id="faq">{escape(t['faq_heading'])}</h2>
    {faq}
  </section>
  <section aria-labelledby="where">
    <h2 id="where">{escape(t['where_heading'])}</h2>
    <p>{escape(info.site.name.get(language))}, {escape(info.site.city.get(language))}</p>
  </section>
  <section aria-labelledby="contact">
    <h2 id="contact">{escape(t['contact_heading'])}</h2>
    <p>{escape(contact)}</p>
  </section>
  <section aria-labelledby="privacy">
    <h2 id="privacy">{escape(t['privacy_heading'])}</h2>
    <p>{escape(t['privacy_text'])}</p>
    <h3 id="delete-referral-heading">{escape(t['delete_referral_heading'])}</h3>
    <p>{escape(t['delete_referral_text'])}</p>
    <form id="delete-referral" class="stack-form" aria-labelledby="delete-referral-heading" autocomplete="off">
      <label for="delete-code">{escape(t['code_label'])}</label>
      <input id="delete-code" name="code" maxlength="20" required>
      <label for="delete-phone">{escape(t['phone_label'])}</label>
      <input id="delete-phone" name="phone" type="tel" maxlength="30" required>
      <button type="submit">{escape(t['delete_referral_button'])}</button>
      <p id="delete-referral-result" role="status"></p>
    </form>
  </section>
</main>
<footer class="foot">
  <p>{escape(info.site.name.get(language))} · {_configured(t['enquiries'], 'phone', phone, t, tel=True)}</p>
  <p>{_configured(t['ethics'], 'number', info.site.ethics_approval, t)}</p>
  <p><a href="#privacy">{escape(t['footer_privacy'])}</a> · <a href="#contact">{escape(t['footer_contact'])}</a></p>
</footer>
<script type="application/json" id="chat-texts">{_json_for_html(widget_texts)}</script>
<script src="/static/chat.js?v={ASSET_VERSION}" data-language="{language}"></script>
</body>
</html>
"""


def _configured(template: str, field: str, value, t: dict, tel: bool = False) -> str:
    """A configured fact in its sentence ("Enquiries: 0571 …", a tap-to-call link), or the
    sentence with a clearly marked placeholder until the study team sets it."""
    if not value:
        return escape(template).replace("{" + field + "}", f'<span class="placeholder">{escape(t["placeholder"])}</span>')
    shown = escape(str(value))
    if tel:
        shown = f'<a href="tel:{escape("".join(ch for ch in str(value) if ch.isdigit() or ch == "+"))}">{shown}</a>'
    return escape(template).replace("{" + field + "}", shown)


def _json_for_html(data: dict) -> str:
    """JSON that cannot close the script element it sits in."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
