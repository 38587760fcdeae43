"""OpenLDAP's slapd with a small directory (dc=aucote,dc=test: two people and a group), loaded with
slapadd into an mdb database under `workdir`, listening on ldap://ADDRESS:PORT/.

    with slapd(tmp_path, "127.77.1.2", 3890, anonymous_read=True): ...

`anonymous_read=True` leaves OpenLDAP's default access (everyone reads everything): an anonymous
bind reads the tree. `False` sets `access to * by users read by anonymous auth` (the RootDSE and
the schema stay public, as they are by design): the anonymous bind succeeds and reads nothing."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from tests.support.daemons.process import running, tcp_ready
from tests.support.daemons.programs import program

SUFFIX: Final = "dc=aucote,dc=test"
ENTRIES: Final = f"""\
dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
o: Aucote test
dc: aucote

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: alice
cn: Alice Example
sn: Example
mail: alice@aucote.test

dn: uid=bob,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: bob
cn: Bob Example
sn: Example
"""
CLOSED_ACL: Final = """\
access to dn.base="" by * read
access to dn.base="cn=Subschema" by * read
access to * by users read by anonymous auth
"""


def config(workdir: Path, anonymous_read: bool) -> str:
    """slapd.conf text: core schemas, one mdb database in `workdir/db`."""
    schemas = "".join(
        f"include /etc/ldap/schema/{name}.schema\n" for name in ("core", "cosine", "inetorgperson")
    )
    return (
        f"{schemas}pidfile {workdir / 'slapd.pid'}\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\n"
        f"{'' if anonymous_read else CLOSED_ACL}"
        f'database mdb\nsuffix "{SUFFIX}"\nrootdn "cn=admin,{SUFFIX}"\n'
        f"directory {workdir / 'db'}\nmaxsize 10485760\n"
    )


@contextmanager
def slapd(workdir: Path, address: str, port: int, anonymous_read: bool = True) -> Iterator[None]:
    """slapd serving the test directory until the block ends."""
    conf, data = workdir / "slapd.conf", workdir / "entries.ldif"
    (workdir / "db").mkdir(parents=True, exist_ok=True)
    conf.write_text(config(workdir, anonymous_read))
    data.write_text(ENTRIES)
    subprocess.run([program("slapadd"), "-f", str(conf), "-l", str(data)], check=True, capture_output=True)
    argv = [program("slapd"), "-d", "0", "-f", str(conf), "-h", f"ldap://{address}:{port}/"]
    with running(argv, tcp_ready(address, port)):
        yield
