"""Entry point for `python -m toolassess`."""

from toolassess.cli import main

main()
