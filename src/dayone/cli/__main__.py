"""``python -m dayone.cli`` runs the ``dayone`` command."""

from dayone.cli import main

main()
