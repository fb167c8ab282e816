"""Encryption at rest for contact details (Fernet: AES-128-CBC + HMAC-SHA256, from the
well-kept `cryptography` package).

Keys come from PRESCREEN_DATA_KEYS (comma-separated, newest first) or, for the embedded
default, from var/data-keys (created on first use, readable by its owner only). Several keys
are accepted for reading, so a rotation never makes old rows unreadable:
`python -m bot.crypto rotate` adds a new key and re-encrypts every row with it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Tuple

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config import VAR_DIR

KEYS_ENV = "PRESCREEN_DATA_KEYS"


class KeyError_(Exception):
    """Keys are missing or malformed."""


def key_file() -> Path:
    return Path(os.environ.get("PRESCREEN_DATA_KEY_FILE", VAR_DIR / "data-keys"))


def _load_keys() -> Tuple[str, ...]:
    raw = os.environ.get(KEYS_ENV)
    if raw:
        return _parse_keys(raw)
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode() + "\n")
    stat = path.stat()
    # Read again only when the file changed (a rotation replaces it): not on every value.
    return _read_key_file(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_key_file(path: str, _mtime_ns: int, _size: int) -> Tuple[str, ...]:
    return _parse_keys(Path(path).read_text().replace("\n", ","))


def _parse_keys(raw: str) -> Tuple[str, ...]:
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    if not keys:
        raise KeyError_(f"no data key: set {KEYS_ENV} or let {key_file()} be created")
    return keys


@lru_cache(maxsize=4)
def _fernet(keys: Tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise KeyError_(f"a data key is malformed ({KEYS_ENV} or {key_file()})") from exc


def fernet() -> MultiFernet:
    return _fernet(_load_keys())


def encrypt(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: Optional[str]) -> Optional[str]:
    if token is None:
        return None
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise KeyError_("a stored value cannot be decrypted with the configured keys") from exc


def rotate() -> int:
    """Add a new primary key and re-encrypt every encrypted value with it."""
    from bot.storage import encrypted_rows_rotate

    new_keys: List[str] = [Fernet.generate_key().decode()] + list(_load_keys())
    count = encrypted_rows_rotate(_fernet(tuple(new_keys)))
    if os.environ.get(KEYS_ENV):
        print(f"Set {KEYS_ENV} to the new list (newest first), then restart:\n{','.join(new_keys)}")
    else:
        tmp = key_file().with_suffix(".new")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(new_keys) + "\n")
        tmp.replace(key_file())
    return count


def main() -> None:  # pragma: no cover - thin CLI
    import sys

    if sys.argv[1:] != ["rotate"]:
        raise SystemExit("usage: python -m bot.crypto rotate")
    print(f"re-encrypted {rotate()} value(s) with a new key")


if __name__ == "__main__":  # pragma: no cover
    main()
