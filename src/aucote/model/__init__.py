"""Plain domain values shared by every layer: frozen dataclasses and enums, no behaviour beyond rendering."""
