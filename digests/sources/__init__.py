"""Getting articles in: feeds, pages and files parsed into clean, dated articles."""
