"""SMB anonymous share listing: a null session (empty user and password, impacket) that lists the
shares through srvsvc.NetShareEnumAll. One login attempt; no share is opened."""

import asyncio
from typing import Final

from impacket.nmb import NetBIOSError, NetBIOSTimeout
from impacket.smbconnection import SessionError, SMBConnection

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

DIALECTS: Final = {
    0x0202: "SMB 2.0.2",
    0x0210: "SMB 2.1",
    0x0300: "SMB 3.0",
    0x0302: "SMB 3.0.2",
    0x0311: "SMB 3.1.1",
}


def share_line(share: object) -> str:
    """`name (comment)` of one SHARE_INFO_1 record (NUL-terminated strings)."""
    name = str(share["shi1_netname"]).rstrip("\0")  # type: ignore[index]
    remark = str(share["shi1_remark"]).rstrip("\0")  # type: ignore[index]
    return f"{name} ({remark})" if remark else name


def list_shares(port: Port, timeout: float) -> str | None:
    """The blocking exchange: negotiate, null-session login, NetShareEnumAll, close."""
    try:
        connection = SMBConnection(host(port), host(port), sess_port=port.number, timeout=timeout)
    except NetBIOSTimeout as error:
        raise TimeoutError(str(error)) from error
    except NetBIOSError as error:
        raise OSError(f"SMB: {error}") from error
    try:
        connection.login("", "")
        shares = [share_line(share) for share in connection.listShares()]
        dialect = DIALECTS.get(connection.getDialect(), "SMB 1")
    except SessionError:
        return None
    finally:
        connection.close()
    return f"Shares listed by an anonymous (null session) client over {dialect}: {', '.join(shares)}"


async def smb_anonymous_shares(port: Port, context: CheckContext) -> str | None:
    """Evidence: the dialect used and the share names with their comments."""
    require(port, Protocol.TCP)
    return await asyncio.to_thread(list_shares, port, min(context.timeout, 10.0))
