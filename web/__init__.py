"""The web page: the command line's engines behind a browser form, for
people who cannot install Python. Thin, like cli.py: it parses a request,
runs the same engines in a bounded pool of worker processes, and shows the
same sentences the command line would."""
