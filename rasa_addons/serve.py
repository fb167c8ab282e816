"""Start the Rasa server or the action server with log redaction in place.

    python -m rasa_addons.serve rasa run --enable-api …   (same arguments as ``rasa``)
    python -m rasa_addons.serve actions --actions actions  (same arguments as ``python -m rasa_sdk``)

Why a wrapper: the redaction (see :mod:`rasa_addons.redaction`) has to be in place before
either program configures logging, and neither offers a setting for it. The Rasa server
also gets :mod:`rasa_addons.speedups` (its response validation, checked once).
"""

from __future__ import annotations

import sys
from typing import List, Optional

from bot.logs import install_redaction
from rasa_addons.redaction import install as install_structlog_redaction

USAGE = "usage: python -m rasa_addons.serve {rasa|actions} [arguments of that program]"


def main(argv: Optional[List[str]] = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("rasa", "actions"):
        sys.exit(USAGE)
    which, rest = argv[0], argv[1:]
    install_redaction()
    if which == "rasa":
        install_structlog_redaction()
        from rasa_addons.speedups import install as install_speedups  # imports Rasa: only for the Rasa server

        install_speedups()
        from rasa.__main__ import main as rasa_main

        sys.argv = ["rasa", *rest]
        rasa_main()
    else:
        from rasa_sdk.__main__ import main as sdk_main

        sys.argv = ["rasa_sdk", *rest]
        sdk_main()


if __name__ == "__main__":
    main()
