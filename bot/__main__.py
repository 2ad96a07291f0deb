"""``python -m bot`` runs the ``newsdigest`` command line."""

from bot.cli import main

main()
