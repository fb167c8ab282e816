"""Understanding what a person typed: emergencies, commands, answers (no Rasa imports)."""
