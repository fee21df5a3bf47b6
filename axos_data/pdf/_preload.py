"""Imported once by the fork server of a bulk export (see bulk.py): parsing the fonts
here means every worker forked from it starts with them instead of parsing its own."""

from axos_data.pdf import fonts, layout  # noqa: F401 - layout: import it before forking too

fonts.warm_up()
