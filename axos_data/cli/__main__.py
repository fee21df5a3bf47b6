"""`python -m axos_data.cli`: the same as the `axos` command."""

from axos_data.cli import main

main()
