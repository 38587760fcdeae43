"""The one error the catalogue raises when its data file cannot be used."""


class CatalogError(ValueError):
    """The catalogue file is unreadable or invalid.

    Each line of the message names the file, the entry and the field, e.g.
    `exploits.yaml: exploit 72: ports: bad port spec 'TCP:99999' (port out of range 1-65535)`.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = tuple(problems)
