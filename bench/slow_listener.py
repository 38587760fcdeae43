"""A TCP service that answers nmap -sV slowly: it accepts every connection and holds it `HOLD`
seconds without a byte, then closes it. Every -sV probe of the port waits on it (nmap names it
after minutes), while its port scan answers at once.

    python -m bench.slow_listener PORT HOST [HOLD]
"""

import socket
import sys
import threading
import time


def _hold(connection: socket.socket, seconds: float) -> None:
    time.sleep(seconds)
    connection.close()


def serve(host: str, port: int, seconds: float) -> None:
    """Accept forever, each connection held `seconds` in a thread of its own."""
    server = socket.create_server((host, port), backlog=128, reuse_port=True)
    while True:
        connection, _peer = server.accept()
        threading.Thread(target=_hold, args=(connection, seconds), daemon=True).start()


if __name__ == "__main__":
    serve(sys.argv[2], int(sys.argv[1]), float(sys.argv[3]) if len(sys.argv) > 3 else 5.0)
