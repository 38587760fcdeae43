"""The masscan adapter: the argv builder and its guards (argv.py), the output parser (output.py)."""
