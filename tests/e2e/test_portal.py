"""The coordinator portal over HTTP against the real stack: a referral made by a real
conversation appears in the inbox, the notice arrives by SMTP, and the portal's security
(login, lockout, CSRF, no access without a session) holds."""

import csv
import io
import re
import subprocess

import pytest
import requests
from fhir.resources.bundle import Bundle

from bot.trial import get_trial
from tests.conftest import Conversation
from tests.e2e.servers import ROOT


class Portal:
    def __init__(self, base: str):
        self.base, self.http = base, requests.Session()

    def login(self, username: str, password: str) -> requests.Response:
        page = self.http.get(f"{self.base}/coordinator/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        return self.http.post(f"{self.base}/coordinator/login", data={"csrf": csrf, "username": username,
                                                                      "password": password}, allow_redirects=False)

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(f"{self.base}{path}", **kw)

    def csrf(self, path: str) -> str:
        return re.search(r'name="csrf" value="([^"]+)"', self.get(path).text).group(1)

    def post(self, path: str, data: dict) -> requests.Response:
        return self.http.post(f"{self.base}{path}", data=data, allow_redirects=False)


def referral_from_a_conversation(client) -> str:
    chat = Conversation(client)
    # a daughter for her mother: the referral says who filled it in
    for text in ["I'd like to check if I can join the study", "yes", "for my mum", "58", "hcc", "no", "no", "yes", "2",
                 "6 cm", "normal", "no", "no"]:
        chat.say(text)
    for _ in range(40):
        if not chat.asked or chat.asked == "confirm_answers":
            break
        chat.say("yes" if chat.asked in ("sample_consent", "contraception") else "no")
    for text in ["yes", "yes", "Mei Chen", "139 1234 5678", "afternoon"]:
        chat.say(text)
    code = chat.slot("referral_code")
    assert code
    return code


@pytest.fixture(scope="module")
def made_referral(client, web):
    return referral_from_a_conversation(client)


def test_no_access_without_login(web, made_referral):
    anonymous = Portal(web.url)
    for path in ("/coordinator/", f"/coordinator/referrals/{made_referral}", "/coordinator/audit", "/coordinator/funnel"):
        response = anonymous.get(path, allow_redirects=False)
        assert response.status_code == 302 and response.headers["Location"] == "/coordinator/login", path
    for path in ("/coordinator/export.csv", f"/coordinator/referrals/{made_referral}/fhir.json"):
        assert anonymous.get(path, allow_redirects=False).status_code == 403
    assert anonymous.post(f"/coordinator/referrals/{made_referral}/status", {"status": "contacted"}).status_code == 403


def test_new_referral_is_in_the_inbox_with_its_mail(web, coordinator, made_referral, smtp):
    portal = Portal(web.url)
    assert portal.login(*coordinator).status_code == 302
    inbox = portal.get("/coordinator/").text
    assert made_referral in inbox
    mails = smtp.inbox.wait_for_subject(made_referral)
    assert len(mails) == 1
    body = mails[0].get_content()
    assert f"/coordinator/referrals/{made_referral}" in body and "Mei Chen" not in body and "1234" not in body
    page = portal.get(f"/coordinator/referrals/{made_referral}").text
    consent = get_trial().consent  # the versions of the wording the person agreed to
    for expected in ("Mei Chen", "13912345678", "afternoon", "6 cm", "likely_eligible", consent.prescreen.version,
                     consent.share.version, "Child-Pugh", "a relative or friend, for &quot;My mother&quot;", "Name to ask for"):
        assert expected in page, expected


def test_status_change_is_audited_and_csrf_is_enforced(web, coordinator, made_referral):
    portal = Portal(web.url)
    portal.login(*coordinator)
    path = f"/coordinator/referrals/{made_referral}"
    refused = portal.post(f"{path}/status", {"csrf": "forged", "status": "contacted"})
    assert refused.status_code == 403
    assert "New" in portal.get(path).text
    ok = portal.post(f"{path}/status", {"csrf": portal.csrf(path), "status": "contacted", "note": "spoke to daughter"})
    assert ok.status_code == 303
    page = portal.get(path).text
    assert "spoke to daughter" in page and "New → Contacted" in page
    audit = portal.get("/coordinator/audit").text
    assert "status_change" in audit and "new -&gt; contacted" in audit and "csrf_rejected" in audit
    assert "view_referral" in audit and coordinator[0] in audit


def test_exports_parse_back(web, coordinator, made_referral):
    portal = Portal(web.url)
    portal.login(*coordinator)
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(portal.get("/coordinator/export.csv").text))}
    assert rows[made_referral]["contact_name"] == "Mei Chen" and rows[made_referral]["verdict_up_to_seven"] == "meets"
    bundle = Bundle.parse_raw(portal.get(f"/coordinator/referrals/{made_referral}/fhir.json").text)
    kinds = [e.resource.resource_type for e in bundle.entry]
    assert kinds == ["Patient", "ResearchSubject", "QuestionnaireResponse", "List"]
    assert bundle.entry[1].resource.status == "candidate"
    audit = portal.get("/coordinator/audit").text
    assert "export_csv" in audit and "export_fhir" in audit


def test_funnel_page_shows_the_conversation(web, coordinator, made_referral):
    portal = Portal(web.url)
    portal.login(*coordinator)
    page = portal.get("/coordinator/funnel").text
    referred = re.search(r"<th scope='row'>Referred to the team</th><td>(\d+)</td>", page)
    assert referred and int(referred.group(1)) >= 1


def test_lockout_after_repeated_failures(web, stack):
    subprocess.run([str(stack.actions.args[0]), "-m", "bot.accounts", "lockme", "--password-stdin"],
                   input="another long passphrase\n", text=True, env=stack.actions.env, cwd=str(ROOT), check=True)
    portal = Portal(web.url)
    for _ in range(5):
        assert portal.login("lockme", "wrong wrong wrong").status_code == 401
    assert portal.login("lockme", "another long passphrase").status_code == 401  # locked


def test_smtp_down_keeps_the_notice_in_the_outbox_until_retry(client, web, stack, smtp):
    from bot.storage import Store

    smtp.stop()
    try:
        code = referral_from_a_conversation(client)
        store = Store(f"sqlite:///{stack.db_path}")
        waiting = [m for m in store.pending_messages() if code in m.subject]
        assert len(waiting) == 1 and waiting[0].attempts == 1 and waiting[0].last_error
    finally:
        smtp.restart()
    result = subprocess.run([str(stack.actions.args[0]), "-m", "bot.notify", "retry"], env=stack.actions.env,
                            cwd=str(ROOT), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert smtp.inbox.wait_for_subject(code)
    assert [m for m in store.pending_messages() if code in m.subject] == []
