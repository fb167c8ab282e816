"""Real headless Chromium (Debian's package) driven by Playwright, against the real page,
proxy, Rasa server and action server."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "results" / "browser"
AXE = ROOT / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make browser-deps` installs it (make test does)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")  # a desktop; phones have their own
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context):
    p = context.new_page()
    p.set_default_timeout(30000)
    return p


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.fail("axe-core is not installed: `make browser-deps` installs it (make test does)")
    return AXE.read_text(encoding="utf-8")
