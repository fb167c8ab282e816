"""make audit: how pip-audit's findings are judged against the reviewed allow-list."""

import datetime as dt
import json
import sys

import pytest
from packaging.specifiers import SpecifierSet

from tools import audit

TODAY = dt.date(2026, 11, 23)
ALLOW = {
    "packages": {"aiohttp": {"version": "3.9.5", "reason": "Rasa pins aiohttp<3.10.", "mitigation": "behind nginx.",
                             "expires": dt.date(2027, 5, 23)}},
    "vulnerabilities": {"GHSA-aaaa-bbbb-cccc": {"package": "werkzeug", "version": "3.1.9", "reason": "Not reachable.",
                                                "mitigation": "Not imported.", "expires": "2027-01-01"}},
}
RANGES = {"aiohttp": SpecifierSet(">=3.9.0,<3.10"), "werkzeug": SpecifierSet(">=1.0.1")}


def report(*deps):
    return {"dependencies": list(deps), "fixes": []}


def dep(name, version, *vulns, skip=None):
    d = {"name": name, "version": version, "vulns": [{"id": v, "fix_versions": fixes, "aliases": aliases}
                                                      for v, fixes, aliases in vulns]}
    if skip:
        d = {"name": name, "skip_reason": skip}
    return d


def outcomes(rep, allow=ALLOW, today=TODAY):
    return [(v.package, v.vuln_id, v.outcome) for v in audit.judge(rep, allow, RANGES, today)]


def test_a_finding_rasa_keeps_us_from_fixing_is_accepted_with_its_reason_and_mitigation():
    verdicts = audit.judge(report(dep("aiohttp", "3.9.5", ("PYSEC-1", ["3.10.11"], []))), ALLOW, RANGES, TODAY)
    assert [(v.outcome, v.passes) for v in verdicts] == [("accepted", True)]
    assert "Rasa pins aiohttp<3.10." in verdicts[0].detail and "behind nginx." in verdicts[0].detail


def test_a_finding_with_a_fix_inside_the_allowed_range_must_be_upgraded_not_allowed():
    assert outcomes(report(dep("aiohttp", "3.9.5", ("PYSEC-2", ["3.9.6", "3.10.2"], [])))) == [
        ("aiohttp", "PYSEC-2", "fixable")]


def test_a_finding_in_a_package_nobody_reviewed_fails():
    assert outcomes(report(dep("requests", "2.31.0", ("GHSA-x", ["2.32.0"], [])))) == [("requests", "GHSA-x", "new")]


def test_an_allowance_for_another_version_or_past_its_date_fails():
    assert outcomes(report(dep("aiohttp", "3.9.4", ("PYSEC-1", [], [])))) == [("aiohttp", "PYSEC-1", "wrong-version")]
    assert outcomes(report(dep("aiohttp", "3.9.5", ("PYSEC-1", [], []))), today=dt.date(2027, 5, 24)) == [
        ("aiohttp", "PYSEC-1", "expired")]


def test_a_single_vulnerability_can_be_allowed_by_any_of_its_ids_for_its_own_package_only():
    assert outcomes(report(dep("werkzeug", "3.1.9", ("PYSEC-9", [], ["CVE-1", "GHSA-aaaa-bbbb-cccc"])))) == [
        ("werkzeug", "PYSEC-9", "accepted")]
    assert outcomes(report(dep("flask", "3.0.0", ("GHSA-aaaa-bbbb-cccc", [], [])))) == [
        ("flask", "GHSA-aaaa-bbbb-cccc", "new")]


def run_main(tmp_path, capsys, rep):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(rep))
    code = audit.main(["--report", str(path)])
    return code, capsys.readouterr().out


def test_packages_that_could_not_be_checked_fail_the_audit(tmp_path, capsys):
    """pip-audit reports "not found" when its service is unreachable: never a silent pass."""
    code, out = run_main(tmp_path, capsys, report(dep("rasa", "3.6.21", skip="Dependency not found on PyPI"),
                                                  dep("sqlalchemy", "1.4.54")))
    assert code == 1 and "NOT CHECKED" in out and "rasa: Dependency not found on PyPI" in out
    code, out = run_main(tmp_path, capsys, report(dep("rasa", "3.6.21", skip="Dependency not found on PyPI")))
    assert code == 2 and "none of the 1 packages could be checked" in out


def test_a_clean_report_passes_and_says_what_was_checked(tmp_path, capsys):
    code, out = run_main(tmp_path, capsys, report(dep("rasa", "3.6.21"), dep("sqlalchemy", "1.4.54")))
    assert code == 0 and "2 packages checked, 0 findings" in out
    assert "UNUSED" in out  # allowances without a finding are shown for the next review


def test_an_unreachable_vulnerability_service_is_a_failure(tmp_path, capsys):
    failing = tmp_path / "pip-audit"
    failing.write_text(f"#!{sys.executable}\nimport sys\nsys.exit('ConnectionError: Failed to resolve host')\n")
    failing.chmod(0o755)
    code = audit.main(["--pip-audit", str(failing)])
    out = capsys.readouterr().out
    assert code == 2 and "AUDIT FAILED" in out and "Failed to resolve host" in out


def test_the_reviewed_allow_list_matches_what_is_installed():
    """Every allowance is complete, for the version installed now, and for a package that the
    installed packages (Rasa above all) really hold below some release: else upgrade it."""
    allowlist, versions, ranges = audit.load_allowlist(), audit.installed(), audit.allowed_ranges()
    far_future_check = [p for p in audit.allowlist_problems(allowlist, versions, dt.date.min)]
    assert far_future_check == []
    for name in allowlist["packages"]:
        assert any(s.operator in ("<", "<=", "==") for s in ranges.get(name, SpecifierSet())), name


@pytest.mark.parametrize("field", audit.REQUIRED_FIELDS)
def test_an_incomplete_allowance_is_reported(field):
    entry = dict(ALLOW["packages"]["aiohttp"])
    entry[field] = ""
    problems = audit.allowlist_problems({"packages": {"aiohttp": entry}, "vulnerabilities": {}}, {"aiohttp": "3.9.5"},
                                        TODAY)
    assert problems and field in problems[0]
