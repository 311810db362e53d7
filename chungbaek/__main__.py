"""`python -m chungbaek`: the same as the `chungbaek` command."""

from chungbaek.cli import main

main()
