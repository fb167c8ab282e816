#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10), or explain.
set -u
candidates=(python3.10)
if command -v pyenv >/dev/null 2>&1; then
  for d in "$(pyenv root)"/versions/3.10*/bin/python3.10; do candidates+=("$d"); done
fi
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)
for c in "${candidates[@]}"; do
  if out=$("$c" -c 'import sys; print(sys.executable if sys.version_info[:2] == (3, 10) else "")' 2>/dev/null) && [[ -n $out ]]; then
    echo "$out"
    exit 0
  fi
done
cat >&2 <<'MSG'
Python 3.10 was not found.
This project uses Rasa 3.6, which runs on Python 3.8 to 3.10 only.
Install Python 3.10 (for example `pyenv install 3.10` or `apt-get install python3.10 python3.10-venv`),
then run the make command again.
MSG
exit 1
