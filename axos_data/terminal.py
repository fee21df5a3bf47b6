"""Text from the database made safe to print on a terminal.

A title or comment is data, but a terminal obeys control characters inside it: ESC starts
sequences that retitle the window, move the cursor, clear the screen or (in some terminals)
write files, and bidi controls reorder what is shown, so "fakturert" could read as something
else. Human output therefore shows these characters as visible escapes (`\\x1b`, `\\u202e`);
`--json` output stays exact.

Escaped: C0 controls (U+0000–U+001F, also tab and — unless kept — line feed), DEL (U+007F),
C1 controls (U+0080–U+009F), the bidi embeddings, overrides and isolates (U+202A–U+202E,
U+2066–U+2069) and the Unicode line and paragraph separators (U+2028, U+2029). Letters of
right-to-left scripts, emoji and the invisible direction marks (U+200E/U+200F) are shown
as they are: they cannot move text across other text.
"""

from __future__ import annotations

_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_FORMATTING = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]

_ESCAPE_ALL = (
    {cp: f"\\x{cp:02x}" for cp in _CONTROLS}
    | {cp: f"\\u{cp:04x}" for cp in _FORMATTING}
    | {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}  # the ones people know by name
)
_ESCAPE_KEEPING_NEWLINES = {cp: text for cp, text in _ESCAPE_ALL.items() if cp != 0x0A}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control, bidi override and line separator shown as an escape.

    keep_newlines leaves line feeds alone (for whole lines of output the program itself
    formatted); values inside one line (a table cell, a title) escape them too.
    """
    return text.translate(_ESCAPE_KEEPING_NEWLINES if keep_newlines else _ESCAPE_ALL)
