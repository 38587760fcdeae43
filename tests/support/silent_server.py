"""A TCP port that accepts every connection and never says a word, keeping it open: nmap -sV
waits on it through its probes until its host timeout. Run as a process (in a namespace host):

    python -m tests.support.silent_server PORT HOST
"""

import socket
import sys


def main(args: list[str]) -> None:
    """Accept on HOST:PORT and hold every connection, silent, until killed."""
    server = socket.create_server((args[1], int(args[0])), backlog=64, reuse_port=False)
    held: list[socket.socket] = []
    while True:
        connection, _peer = server.accept()
        held.append(connection)


if __name__ == "__main__":
    main(sys.argv[1:])
