"""Thin Rasa adapters: read the tracker, call bot/, write slots and messages."""
