"""The register: workshops and their agreed actions kept in a database, so a
season adds up across folders and the actions can be followed up."""
