"""`python -m osallisuuspeli` runs the same command as `osallisuuspeli`."""

from osallisuuspeli.cli import main

main(prog_name="osallisuuspeli")
