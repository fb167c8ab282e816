"""Dependency audit (make audit): pip-audit on everything installed, judged by a reviewed allow-list.

Rasa 3.6.21 pins many of its dependencies to old releases (TensorFlow 2.12.0, aiohttp < 3.10,
Sanic 21.12, pydantic < 1.10.10, …). Known vulnerabilities in those cannot be fixed by
upgrading without leaving Rasa's supported set, so each such package is listed in
``security/audit-allowlist.yml`` with why it is there, how the risk is contained here, and
until when the allowance holds. A finding passes only if:

* its package (or its vulnerability id) is in the allow-list, for exactly the installed version,
* the allowance has not expired, and
* no fixed release lies inside what the installed packages (Rasa 3.6.21 above all) allow —
  if one does, upgrade instead.

Everything else fails the audit, and so does a package that could not be checked (an
unreachable vulnerability service is a failure, never a silent pass).

pip-audit needs ``packaging>=23``, which Rasa's ``packaging<21`` excludes, so it lives in a
venv of its own (``var/audit-venv``, pinned by ``requirements-audit.txt``) and audits a
``name==version`` list of this venv's distributions without installing anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import distributions, requires
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = ROOT / "security" / "audit-allowlist.yml"
REQUIRED_FIELDS = ("version", "reason", "mitigation", "expires")


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


@dataclass
class Verdict:
    package: str
    version: str
    vuln_id: str
    outcome: str  # accepted | new | expired | fixable | wrong-version
    detail: str

    @property
    def passes(self) -> bool:
        return self.outcome == "accepted"


def installed() -> Dict[str, str]:
    """Every distribution in this venv, canonical name → version."""
    return {canonical(d.metadata["Name"]): d.version for d in distributions() if d.metadata["Name"]}


def allowed_ranges() -> Dict[str, SpecifierSet]:
    """What the installed packages together allow for each dependency (Rasa's pins among them)."""
    result: Dict[str, SpecifierSet] = {}
    for dist in distributions():
        for line in requires(dist.metadata["Name"]) or []:
            try:
                req = Requirement(line)
            except InvalidRequirement:
                continue
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                name = canonical(req.name)
                result[name] = result.get(name, SpecifierSet()) & req.specifier
    return result


def load_allowlist(path: Path = ALLOWLIST) -> Dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"packages": {canonical(k): v for k, v in (data.get("packages") or {}).items()},
            "vulnerabilities": dict(data.get("vulnerabilities") or {})}


def allowlist_problems(allowlist: Dict[str, Any], versions: Dict[str, str], today: dt.date) -> List[str]:
    """Entries that are incomplete, expired, or no longer match what is installed."""
    problems = []
    entries = [(f"package {name}", name, entry) for name, entry in allowlist["packages"].items()]
    entries += [(f"vulnerability {vid}", canonical(str(entry.get("package", ""))), entry)
                for vid, entry in allowlist["vulnerabilities"].items()]
    for label, package, entry in entries:
        missing = [f for f in REQUIRED_FIELDS if not str(entry.get(f, "")).strip()]
        if missing:
            problems.append(f"{label}: missing {', '.join(missing)}")
            continue
        if _date(entry["expires"]) < today:
            problems.append(f"{label}: allowance expired on {entry['expires']}; review it again")
        if versions.get(package) != str(entry["version"]):
            problems.append(f"{label}: allowed for {entry['version']} but {versions.get(package, 'nothing')} is installed")
    return problems


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _fix_within(allowed: Optional[SpecifierSet], fixes: Iterable[str]) -> Optional[str]:
    """The first fixed release that the installed packages' requirements would accept, if any."""
    if allowed is None:
        return None
    for fix in fixes:
        try:
            if allowed.contains(Version(fix), prereleases=False):
                return fix
        except InvalidVersion:
            continue
    return None


def judge(report: Dict[str, Any], allowlist: Dict[str, Any], constraints: Dict[str, SpecifierSet],
          today: dt.date) -> List[Verdict]:
    """One verdict per (package, vulnerability) pip-audit found."""
    verdicts = []
    for dep in report.get("dependencies", []):
        name, version = canonical(dep["name"]), dep.get("version", "")
        for vuln in dep.get("vulns", []):
            ids = [vuln["id"], *vuln.get("aliases", [])]
            entry = next((allowlist["vulnerabilities"][i] for i in ids if i in allowlist["vulnerabilities"]), None)
            if entry is not None and canonical(str(entry.get("package", ""))) != name:
                entry = None
            entry = entry or allowlist["packages"].get(name)
            fixes = vuln.get("fix_versions", [])
            verdict = Verdict(name, version, vuln["id"], "accepted", "")
            if entry is None:
                verdict.outcome = "new"
                verdict.detail = f"not in the allow-list; fixed in {', '.join(fixes) or 'no release yet'}"
            elif str(entry.get("version")) != version:
                verdict.outcome, verdict.detail = "wrong-version", f"allowed for {entry.get('version')}, installed {version}"
            elif _date(entry["expires"]) < today:
                verdict.outcome, verdict.detail = "expired", f"allowance expired on {entry['expires']}"
            elif (fix := _fix_within(constraints.get(name), fixes)) is not None:
                verdict.outcome = "fixable"
                verdict.detail = f"{fix} fixes it and the installed packages allow it ({constraints[name]}): upgrade"
            else:
                verdict.detail = f"{entry['reason'].strip()} Mitigation: {entry['mitigation'].strip()}"
            verdicts.append(verdict)
    return verdicts


def skipped(report: Dict[str, Any]) -> List[str]:
    return [f"{d['name']}: {d['skip_reason']}" for d in report.get("dependencies", []) if d.get("skip_reason")]


def run_pip_audit(pip_audit: Path, versions: Dict[str, str], workdir: Path, timeout: int,
                  service: str = "pypi") -> Dict[str, Any]:
    """pip-audit's JSON report for exactly these versions (nothing is installed or resolved)."""
    workdir.mkdir(parents=True, exist_ok=True)
    requirements = workdir / "installed.txt"
    requirements.write_text("".join(f"{n}=={v}\n" for n, v in sorted(versions.items())), encoding="utf-8")
    output = workdir / "pip-audit.json"
    output.unlink(missing_ok=True)
    proc = subprocess.run([str(pip_audit), "-r", str(requirements), "--no-deps", "--disable-pip", "--format", "json",
                           "--output", str(output), "--progress-spinner", "off", "--aliases", "on", "--desc", "off",
                           "--timeout", str(timeout), "--vulnerability-service", service],
                          capture_output=True, text=True)
    if not output.exists():
        last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"pip-audit could not produce a report (exit {proc.returncode}): {last[0]}")
    return json.loads(output.read_text(encoding="utf-8"))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", type=Path, default=ROOT / "var" / "audit-venv" / "bin" / "pip-audit")
    parser.add_argument("--report", type=Path, help="judge this pip-audit JSON report instead of running pip-audit")
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--service", choices=["pypi", "osv"], default="pypi", help="pip-audit's vulnerability service")
    args = parser.parse_args(argv)
    today = dt.date.today()
    versions, allowlist = installed(), load_allowlist()
    problems = allowlist_problems(allowlist, versions, today)
    try:
        report = (json.loads(args.report.read_text(encoding="utf-8")) if args.report
                  else run_pip_audit(args.pip_audit, versions, ROOT / "var" / "audit", args.timeout, args.service))
    except RuntimeError as exc:
        print(f"AUDIT FAILED: {exc}\nThe vulnerability service must be reachable; nothing was checked.")
        return 2
    verdicts = judge(report, allowlist, allowed_ranges(), today)
    not_checked = skipped(report)
    if not_checked and len(not_checked) == len(report.get("dependencies", [])):
        print(f"AUDIT FAILED: none of the {len(not_checked)} packages could be checked, e.g. {not_checked[0]}\n"
              "The vulnerability service is probably unreachable from here (try the other one: make audit AUDIT_SERVICE=osv).")
        return 2
    for v in sorted(verdicts, key=lambda v: (v.passes, v.package, v.vuln_id)):
        print(f"{v.outcome.upper():13} {v.package} {v.version} {v.vuln_id}: {v.detail}")
    used = {v.package for v in verdicts}
    for name in sorted(set(allowlist["packages"]) - used):
        print(f"{'UNUSED':13} {name}: allowed, but no finding now (remove at the next review if it stays so)")
    for problem in problems:
        print(f"{'ALLOW-LIST':13} {problem}")
    for line in not_checked:
        print(f"{'NOT CHECKED':13} {line}")
    failed = [v for v in verdicts if not v.passes]
    checked = len(report.get("dependencies", [])) - len(not_checked)
    print(f"\n{checked} packages checked, {len(verdicts)} findings: {len(verdicts) - len(failed)} accepted by the "
          f"allow-list, {len(failed)} not accepted; {len(not_checked)} packages could not be checked; "
          f"{len(problems)} allow-list problems.")
    return 1 if failed or not_checked or problems else 0


if __name__ == "__main__":
    sys.exit(main())
