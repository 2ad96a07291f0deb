"""Command handlers, split by area; each is parse -> call -> reply."""
