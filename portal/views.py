"""HTML for the coordinator portal: plain server-rendered pages, everything escaped,
no inline script or style (the site's CSP forbids them)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Iterable, List, Optional, Tuple

from bot.referrals import OUTCOMES, STATUS_LABELS, STATUSES, TRANSITIONS, Funnel, ReferralView

e = escape


def layout(title: str, body: str, user: Optional[str] = None, csrf: Optional[str] = None) -> str:
    nav = ""
    if user:
        nav = f"""<nav aria-label="Portal"><a href="/coordinator/">Inbox</a> <a href="/coordinator/funnel">Funnel</a>
<a href="/coordinator/audit">Audit log</a> <a href="/coordinator/export.csv">Export CSV</a>
<form method="post" action="/coordinator/logout" class="inline"><input type="hidden" name="csrf" value="{e(csrf or '')}">
<button type="submit">Log out {e(user)}</button></form></nav>"""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · Pre-screening referrals</title><link rel="stylesheet" href="/static/portal.css?v=1"></head>
<body><header><p class="brand">Pre-screening referrals</p>{nav}</header><main><h1>{e(title)}</h1>{body}</main></body></html>"""


def login_page(csrf: str, message: str = "") -> str:
    alert = f'<p class="alert" role="alert">{e(message)}</p>' if message else ""
    return layout("Log in", f"""{alert}<form method="post" action="/coordinator/login" class="stack">
<input type="hidden" name="csrf" value="{e(csrf)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button></form>""")


def _options(values: Iterable[str], selected: Optional[str], labels=None) -> str:
    out = ['<option value="">All</option>']
    for v in values:
        sel = " selected" if v == selected else ""
        out.append(f'<option value="{e(v)}"{sel}>{e((labels or {}).get(v, v))}</option>')
    return "".join(out)


def inbox_page(views: List[ReferralView], status: Optional[str], outcome: Optional[str], window: int, user: str,
               csrf: str, message: str = "") -> str:
    rows = "".join(
        f"""<tr class="{'overdue' if v.overdue else ''}"><td><a href="/coordinator/referrals/{e(v.code)}">{e(v.code)}</a></td>
<td>{v.created_at:%Y-%m-%d %H:%M}</td><td>{_age(v.age_hours)}{' <strong class="flag">OVERDUE</strong>' if v.overdue else ''}</td>
<td>{e(v.outcome)}</td><td>{e(STATUS_LABELS.get(v.status, v.status))}</td><td>{'中文' if v.language == 'zh' else 'English'}</td></tr>"""
        for v in views)
    table = (f"""<table><caption>{len(views)} referral(s), newest first. Overdue: still new after {window} hours.</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Received (UTC)</th><th scope="col">Age</th><th scope="col">Outcome</th>
<th scope="col">Status</th><th scope="col">Language</th></tr></thead><tbody>{rows}</tbody></table>""" if views
             else "<p>No referrals match.</p>")
    alert = f'<p class="alert" role="status">{e(message)}</p>' if message else ""
    return layout("Referral inbox", f"""{alert}<form method="get" action="/coordinator/" class="filters">
<label for="status">Status</label><select id="status" name="status">{_options(STATUSES, status, STATUS_LABELS)}</select>
<label for="outcome">Outcome</label><select id="outcome" name="outcome">{_options(OUTCOMES, outcome)}</select>
<button type="submit">Filter</button></form>{table}""", user, csrf)


def _age(hours: float) -> str:
    return f"{hours:.0f} h" if hours >= 1 else f"{hours * 60:.0f} min"


def detail_page(v: ReferralView, user: str, csrf: str, message: str = "") -> str:
    alert = f'<p class="alert" role="alert">{e(message)}</p>' if message else ""
    criteria = "".join(
        f"""<tr class="v-{e(r.verdict.replace(' ', '-'))}"><th scope="row">{e(r.label)}<br><code>{e(r.criterion_id)}</code></th>
<td>{e(r.own_words or '')}</td><td>{e(r.interpreted or '')}</td><td>{e(r.verdict)}</td><td>{e(r.reason)}</td></tr>"""
        for r in v.criteria)
    checks = "".join(f"<li>{e(c)}</li>" for c in v.site_checks)
    choices = "".join(f'<option value="{e(s)}">{e(STATUS_LABELS[s])}</option>' for s in TRANSITIONS.get(v.status, ()))
    history = "".join(
        f"<li>{n.at:%Y-%m-%d %H:%M} · {e(n.author)}"
        f"{' · ' + e(STATUS_LABELS.get(n.status_from, '')) + ' → ' + e(STATUS_LABELS.get(n.status_to, '')) if n.status_to else ''}"
        f"{': ' + e(n.note) if n.note else ''}</li>" for n in v.notes) or "<li>No changes yet.</li>"
    return layout(f"Referral {v.code}", f"""{alert}
<dl class="facts">
<dt>Status</dt><dd>{e(STATUS_LABELS.get(v.status, v.status))}{' <strong class="flag">OVERDUE</strong>' if v.overdue else ''}</dd>
<dt>Outcome</dt><dd>{e(v.outcome)}</dd>
<dt>Received</dt><dd>{v.created_at:%Y-%m-%d %H:%M} UTC ({_age(v.age_hours)} ago)</dd>
<dt>Filled in by</dt><dd>{e(v.filled_in_by)}</dd>
<dt>{'Name to ask for' if v.by_someone_else else 'Name'}</dt><dd>{e(v.contact_name)}</dd><dt>Phone</dt><dd>{e(v.contact_phone)}</dd>
<dt>Preferred time</dt><dd>{e(v.contact_time)}</dd><dt>Language</dt><dd>{'Simplified Chinese' if v.language == 'zh' else 'English'}</dd>
<dt>Consent to health questions</dt><dd>{e(v.consent_prescreen[0] or '')} at {e(v.consent_prescreen[1] or '')}</dd>
<dt>Consent to share</dt><dd>{e(v.consent_share[0])} at {e(v.consent_share[1])}</dd>
</dl>
{_questions(v)}<h2>Change status</h2>
<form method="post" action="/coordinator/referrals/{e(v.code)}/status" class="stack">
<input type="hidden" name="csrf" value="{e(csrf)}">
<label for="new_status">New status</label><select id="new_status" name="status">
<option value="{e(v.status)}">(keep: {e(STATUS_LABELS.get(v.status, v.status))})</option>{choices}</select>
<label for="note">Note</label><textarea id="note" name="note" rows="3" maxlength="2000"></textarea>
<button type="submit">Save</button></form>
<h2>History</h2><ul class="history">{history}</ul>
<h2>Answers and verdicts</h2>
<table><thead><tr><th scope="col">Criterion</th><th scope="col">In their words</th><th scope="col">Read as</th>
<th scope="col">Verdict</th><th scope="col">Reason</th></tr></thead><tbody>{criteria}</tbody></table>
<h2>Checks still to do at the site</h2><ul>{checks}</ul>
<p><a href="/coordinator/referrals/{e(v.code)}/fhir.json">Download FHIR R4 Bundle</a></p>
<h2>Delete</h2>
<form method="post" action="/coordinator/referrals/{e(v.code)}/delete" class="stack">
<input type="hidden" name="csrf" value="{e(csrf)}">
<label><input type="checkbox" name="confirm" value="yes" required> Delete this referral and its answers for good (for example when the person asks)</label>
<button type="submit">Delete referral</button></form>""", user, csrf)


def _questions(v: ReferralView) -> str:
    if not v.questions:
        return ""
    items = "".join(f"<li>{e(q)}</li>" for q in v.questions)
    return f"<h2>Questions they would like answered</h2><ul class=\"questions\">{items}</ul>"


def audit_page(entries, user: str, csrf: str) -> str:
    rows = "".join(f"<tr><td>{x.at:%Y-%m-%d %H:%M:%S}</td><td>{e(x.actor)}</td><td>{e(x.action)}</td>"
                   f"<td>{e(x.target or '')}</td><td>{e(x.detail or '')}</td></tr>" for x in entries)
    return layout("Audit log", f"""<p>Every view, change and export. Entries cannot be edited or deleted here.</p>
<table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Referral</th>
<th scope="col">Detail</th></tr></thead><tbody>{rows}</tbody></table>""", user, csrf)


def _bars(title: str, data: List[Tuple[str, int]]) -> str:
    """A horizontal bar chart as SVG, with the numbers also as text for screen readers."""
    top = max([n for _, n in data] + [1])
    height = 28 * len(data) + 10
    bars = []
    for i, (label, n) in enumerate(data):
        y = 5 + i * 28
        width = 0 if not n else max(2, int(380 * n / top))
        bars.append(f'<text x="0" y="{y + 17}" class="lbl">{e(label[:40])}</text>'
                    f'<rect x="300" y="{y + 3}" width="{width}" height="20" class="bar"></rect>'
                    f'<text x="{305 + width}" y="{y + 18}" class="num">{n}</text>')
    return (f'<figure><figcaption>{e(title)}</figcaption><svg role="img" aria-label="{e(title)}" viewBox="0 0 760 {height}" '
            f'width="100%">{"".join(bars)}</svg><table class="sr"><tbody>'
            + "".join(f"<tr><th scope='row'>{e(lb)}</th><td>{n}</td></tr>" for lb, n in data) + "</tbody></table></figure>")


def funnel_page(f: Funnel, start: datetime, end: datetime, user: str, csrf: str) -> str:
    steps = [("Conversations started", f.started), ("Consented to questions", f.consented),
             ("Completed the questions", f.completed), ("Referred to the team", f.referred)]
    outcomes = [(o, f.outcomes.get(o, 0)) for o in OUTCOMES]
    return layout("Funnel", f"""<form method="get" action="/coordinator/funnel" class="filters">
<label for="from">From</label><input id="from" name="from" type="date" value="{start:%Y-%m-%d}">
<label for="to">To (inclusive)</label><input id="to" name="to" type="date" value="{end:%Y-%m-%d}">
<button type="submit">Show</button></form>
{_bars("People at each step", steps)}{_bars("Outcomes", outcomes)}
{_bars("Where people stopped (the question they did not answer)", f.stopped_at)}""", user, csrf)
