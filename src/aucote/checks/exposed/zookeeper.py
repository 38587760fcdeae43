"""ZooKeeper four-letter words: `srvr`, `mntr` and `dump`, each one line on its own connection,
answered as text until the server closes it. Read-only; no ZooKeeper session is opened.

No client library is used: kazoo's `command()` needs a ZooKeeper session first and reads a single
`recv` of at most 8 KiB; the exchange itself is one word sent and the text read to the end."""

from dataclasses import dataclass
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, send
from aucote.checks.exposed.probe import ProbeFailed, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

COMMANDS: Final = ("srvr", "mntr", "dump")
REPORTED: Final = frozenset({"mntr", "dump"})
"""Answered by ZooKeeper's default whitelist (3.5.3 on) is `srvr` alone: only these are a finding."""
MAX_ANSWER: Final = 64 * 1024
NOT_WHITELISTED: Final = "is not executed because it is not in the whitelist"
NOT_SERVING: Final = "not currently serving requests"
SIGNS: Final = {"srvr": "Zookeeper version:", "mntr": "zk_version", "dump": "SessionTracker dump:"}
SHOWN: Final = {
    "srvr": ("Zookeeper version", "Mode", "Node count"),
    "mntr": ("zk_server_state", "zk_znode_count", "zk_num_alive_connections"),
}


@dataclass(frozen=True, slots=True)
class Answer:
    """A four-letter word and the server's whole answer ('' when it closed without one)."""

    command: str
    text: str

    @property
    def executed(self) -> bool:
        return SIGNS[self.command] in self.text


async def ask(port: Port, command: str) -> Answer:
    """Send one four-letter word and read its answer to the end."""
    async with connect(port) as (reader, writer):
        await send(writer, command.encode())
        data = await reader.read(MAX_ANSWER)
        while len(data) < MAX_ANSWER and (more := await reader.read(MAX_ANSWER - len(data))):
            data += more
    return Answer(command, data.decode("utf-8", "replace"))


def checked(answer: Answer) -> Answer:
    """The answer, unless it is not ZooKeeper's (ValueError) or the server is not serving (ProbeFailed)."""
    if NOT_SERVING in answer.text:
        raise ProbeFailed("ZooKeeper is not currently serving requests")
    if answer.text and not answer.executed and NOT_WHITELISTED not in answer.text:
        raise ValueError(f"not a ZooKeeper answer to {answer.command}: {answer.text[:80]!r}")
    return answer


def excerpt(answer: Answer) -> str:
    """A few fields of the answer (the number of sessions for `dump`)."""
    if answer.command == "dump":
        return f"dump: {answer.text.count('sessionId:')} connected sessions listed"
    separator = ":" if answer.command == "srvr" else "\t"
    pairs = (line.partition(separator) for line in answer.text.splitlines())
    fields = {key.strip(): value.strip() for key, _, value in pairs}
    shown = "; ".join(f"{key}: {fields[key]}" for key in SHOWN[answer.command] if key in fields)
    return f"{answer.command}: {shown}"


def evidence(answers: list[Answer]) -> str | None:
    """The finding's text when `mntr` or `dump` was executed; None otherwise."""
    executed = [answer for answer in answers if answer.executed]
    if not any(answer.command in REPORTED for answer in executed):
        return None
    names = ", ".join(answer.command for answer in executed)
    return f"ZooKeeper answers four-letter words ({names}) to anyone: " + " | ".join(map(excerpt, executed))


async def zookeeper_four_letter_words(port: Port, context: CheckContext) -> str | None:
    """Evidence: which of srvr, mntr, dump were answered, with an excerpt of each."""
    require(port, Protocol.TCP)
    answers = [checked(await ask(port, command)) for command in COMMANDS]
    if not any(answer.text for answer in answers):
        raise EOFError("the service closed the connection")
    return evidence(answers)
