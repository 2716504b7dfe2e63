"""The drawing toolkit every engine draws with: the painter and its records, the
canvas set up the house way, text fitting and hyphenation, form fields,
tagged PDF and the last pass every file gets (finish, press)."""
