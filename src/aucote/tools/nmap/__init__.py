"""The nmap adapter: argv builders (argv.py), the XML parser (xml.py) and model conversion."""
