"""The hydra adapter: nmap service → hydra module (services.py), the command line (argv.py) and the
found credentials in its output (parse.py)."""
