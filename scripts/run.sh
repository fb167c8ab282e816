#!/usr/bin/env bash
# `make run`: start everything on the embedded default (SQLite under var/) on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
chmod 700 var
# The HTTP API token: from the environment, or generated once into var/ (never in the repo).
if [[ -z ${RASA_AUTH_TOKEN:-} ]]; then
  [[ -s var/rasa_auth_token ]] || (umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))' > var/rasa_auth_token)
  RASA_AUTH_TOKEN=$(cat var/rasa_auth_token)
fi
export RASA_AUTH_TOKEN
.venv/bin/python -m bot.trial           # a broken trial definition stops here, naming the field
.venv/bin/python -m bot.storage migrate
cat <<MSG

  Pre-screening assistant (embedded profile: SQLite under var/)
  Patient page:              http://127.0.0.1:${WEB_PORT:-8080}/   (English /en/, 中文 /zh/)
  Chat (Rasa REST channel):  POST http://127.0.0.1:${RASA_PORT:-5005}/webhooks/rest/webhook  {"sender": "...", "message": "hello"}
  Tracker (HTTP API):        GET  http://127.0.0.1:${RASA_PORT:-5005}/conversations/<sender>/tracker?token=\$(cat var/rasa_auth_token)
  Action server:             http://127.0.0.1:${ACTION_PORT:-5055}/health
  Try it in a terminal:      make shell
  Mail: ${SMTP_HOST:+SMTP $SMTP_HOST:${SMTP_PORT:-25}}${SMTP_HOST:-not configured: notices wait in the outbox table (var/prescreen.db)}
  Ready when the rasa process logs "Rasa server is up and running" (about 30 s). Ctrl-C stops everything.

MSG
exec .venv/bin/honcho start -f Procfile
