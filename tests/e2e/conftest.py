"""Fixtures for end-to-end tests live in tests/conftest.py (shared with the browser tests)."""
