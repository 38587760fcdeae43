"""The WhatWeb adapter: the command line (argv.py), its JSON log (parse.py) and the report (report.py)."""
