"""The coordinator portal (an HTTP adapter over bot.accounts and bot.referrals)."""
