"""Loaders for the public annotated news corpora the evaluation reads (never copied here)."""
