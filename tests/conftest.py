"""Shared fixtures: the trial definition and the engine, as the running bot uses them."""

import pytest

from bot.screening import Screener
from bot.trial import load_trial


@pytest.fixture(scope="session")
def trial():
    return load_trial()


@pytest.fixture(scope="session")
def engine(trial):
    return Screener(trial)
