"""nmap NSE scripts as checks: all scripts selected for one port run in one nmap invocation."""
