"""Talk to the running assistant in a terminal (`make shell`). Buttons are numbered:
type the number to press one."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.vignettes import Client  # noqa: E402


def main() -> None:
    client = Client(os.environ.get("RASA_URL", "http://127.0.0.1:5005"), "")
    sender = f"shell-{uuid.uuid4().hex[:8]}"
    buttons: list = []
    print("Type a message (Ctrl-D to quit). Try: hello / 你好")
    for line in sys.stdin:
        text = line.strip()
        if text.isdigit() and buttons and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        buttons = []
        for message in client.send(sender, text):
            if message.get("text"):
                print("bot:", message["text"])
            for i, button in enumerate(message.get("buttons") or [], 1):
                print(f"   [{i}] {button['title']}")
                buttons.append(button)


if __name__ == "__main__":
    main()
