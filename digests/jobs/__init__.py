"""Jobs that read and write the database, orchestrating sources, analysis and stories."""
