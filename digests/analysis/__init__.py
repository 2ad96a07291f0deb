"""Pure text analysis: summaries, people, quotes and dated events. No database, no network."""
