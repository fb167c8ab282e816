"""The patient web page and the chat proxy (an HTTP adapter; no Rasa imports)."""
