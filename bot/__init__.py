"""The Telegram edge of NewsDigest: settings, composition root, CLI, the bot and its jobs."""
