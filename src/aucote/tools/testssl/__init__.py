"""The testssl.sh adapter: the command line (argv.py), its JSON file (parse.py) and the report (report.py)."""
