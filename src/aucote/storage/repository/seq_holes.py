"""Noting the numbers of deleted rows of a seq-paged table (security scans, vulnerabilities).

Their lists are paged by the dense `seq` (queries/paging.py): page p starts at the row ranked
p*limit. Once retention deletes rows, that row is no longer seq p*limit+1; `seq_holes` says how
many rows each block of SEQ_BLOCK numbers lost and how many live below it, so the reader still
finds it by index. Written in the transaction that deletes the rows."""

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, insert, select, update

from aucote.storage.tables import SEQ_BLOCK, seq_holes


def note_deleted(connection: Connection, name: str, seqs: Iterable[int]) -> None:
    """Rows numbered `seqs` of table `name` were just deleted (in this transaction)."""
    lost = Counter((seq - 1) // SEQ_BLOCK for seq in seqs)
    if not lost:
        return
    _shift_later_blocks(connection, name, lost)
    _count_in_blocks(connection, name, lost)


def _shift_later_blocks(connection: Connection, name: str, lost: Counter[int]) -> None:
    """Each known block above a block that lost rows has that many fewer live rows below it (one
    statement per block that lost rows; a prune's batch spans few blocks, as it walks seq order)."""
    for block, count in sorted(lost.items()):
        connection.execute(
            update(seq_holes)
            .where(seq_holes.c.name == name, seq_holes.c.block > block)
            .values(live_before=seq_holes.c.live_before - count)
        )


def _count_in_blocks(connection: Connection, name: str, lost: Counter[int]) -> None:
    """Add the lost rows to their blocks' rows, creating those not known yet."""
    blocks = sorted(lost)
    known = {
        int(row.block)
        for row in connection.execute(
            select(seq_holes.c.block).where(seq_holes.c.name == name, seq_holes.c.block.in_(blocks))
        )
    }
    for block in blocks:
        if block in known:
            connection.execute(
                update(seq_holes)
                .where(seq_holes.c.name == name, seq_holes.c.block == block)
                .values(deleted=seq_holes.c.deleted + lost[block])
            )
        else:
            connection.execute(
                insert(seq_holes).values(
                    name=name,
                    block=block,
                    deleted=lost[block],
                    live_before=block * SEQ_BLOCK - _lost_below(connection, name, block),
                )
            )


def _lost_below(connection: Connection, name: str, block: int) -> int:
    """Rows deleted from the blocks below `block` (the nearest known block below tells)."""
    row = connection.execute(
        select(seq_holes.c.block, seq_holes.c.deleted, seq_holes.c.live_before)
        .where(seq_holes.c.name == name, seq_holes.c.block < block)
        .order_by(seq_holes.c.block.desc())
        .limit(1)
    ).first()
    if row is None:
        return 0
    return int(row.block) * SEQ_BLOCK - int(row.live_before) + int(row.deleted)
