"""Drive the chat page like a person: read the bot's messages, press buttons, type."""

from __future__ import annotations

from typing import Dict, List, Optional

from playwright.sync_api import Page

BOT = "#messages li.msg.bot"


class ChatPage:
    def __init__(self, page: Page, base_url: str, client=None):
        self.page, self.base_url, self.client = page, base_url, client

    def open(self, language: str = "en") -> "ChatPage":
        self.page.goto(f"{self.base_url}/{language}/")
        self.page.wait_for_selector(f"html[data-chat-ready='{language}']")
        self.wait_idle()
        return self

    def wait_idle(self, at_least: int = 1) -> None:
        self.page.wait_for_function(
            "n => document.querySelectorAll('#messages li.msg.bot, #messages li.msg.note').length >= n"
            " && document.getElementById('typing').hidden", arg=at_least)

    def bot_count(self) -> int:
        return self.page.locator("#messages li.msg.bot, #messages li.msg.note").count()

    def last_bot_text(self) -> str:
        return self.page.locator(BOT).last.inner_text()

    def buttons(self) -> List[str]:
        return self.page.locator("#messages .choices button:not([disabled])").all_inner_texts()

    def click(self, title: str) -> None:
        before = self.bot_count()
        self.page.locator("#messages .choices button:not([disabled])", has_text=title).first.click()
        self.wait_idle(before + 1)

    def type(self, text: str) -> None:
        before = self.bot_count()
        self.page.fill("#input", text)
        self.page.keyboard.press("Enter")
        self.wait_idle(before + 1)

    def answer(self, text: str) -> None:
        """Press the button that says the answer, or type it."""
        match = next((b for b in self.buttons() if b.strip().lower() == text.strip().lower()), None)
        if match:
            self.click(match)
        else:
            self.type(text)

    @property
    def sender(self) -> str:
        return self.page.evaluate("JSON.parse(sessionStorage.getItem('prescreen-chat')).sender")

    def slots(self) -> Dict:
        return self.client.tracker(self.sender)["slots"]

    def asked(self) -> Optional[str]:
        tracker = self.client.tracker(self.sender)
        return tracker["slots"].get("requested_slot") if (tracker.get("active_loop") or {}).get("name") else None

    def shot(self, name: str) -> None:
        from tests.browser.conftest import SHOTS

        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
