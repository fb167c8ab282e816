"""A coordinator's day in real Chromium: log in, open the new referral, change its status,
see the audit entry."""

from tests.browser.conftest import SHOTS
from tests.e2e.test_portal import referral_from_a_conversation


def test_coordinator_logs_in_and_moves_a_referral_on(page, web, client, coordinator, axe_source):
    code = referral_from_a_conversation(client)
    page.goto(f"{web.url}/coordinator/")
    page.fill("#username", coordinator[0])
    page.fill("#password", coordinator[1])
    page.click("button[type=submit]")
    page.wait_for_selector(f"a[href='/coordinator/referrals/{code}']")
    page.screenshot(path=str(SHOTS / "portal-inbox.png"), full_page=True)
    page.click(f"a[href='/coordinator/referrals/{code}']")
    page.wait_for_selector("#new_status")
    page.select_option("#new_status", "contacted")
    page.fill("#note", "Called, booking a visit next week")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("ul.history li:has-text('New → Contacted')")
    page.screenshot(path=str(SHOTS / "portal-referral.png"), full_page=True)
    page.evaluate(axe_source)
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
    page.click("nav a[href='/coordinator/audit']")
    row = page.locator("tr", has_text="status_change").filter(has_text=code).first
    assert "new -> contacted" in row.inner_text() and coordinator[0] in row.inner_text()
    page.screenshot(path=str(SHOTS / "portal-audit.png"), full_page=True)
