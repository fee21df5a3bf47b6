"""Text cells for spreadsheet files (CSV and Excel) that cannot turn into formulas.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` (or tab/CR, which
some programs strip first) as a formula: `=HYPERLINK(…)` can send data away and
`=cmd|' /C calc'!A0` can start programs. OWASP's advice for CSV exports: put a single quote in
front of such text, so it is shown as text. Only text gets this treatment; numbers (also a
negative amount) are written as numbers by the callers, never through these functions.
"""

from __future__ import annotations

# OWASP's list, plus the full-width forms some spreadsheet programs also accept.
FORMULA_STARTS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")
# Separators and line breaks that force quoting in our CSV (semicolon files, but a comma is
# quoted too in case the file is opened with another separator).
_NEEDS_QUOTES = frozenset(';,"\n\r\t')


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula: its first character, or its
    first character after leading spaces and line breaks, starts one."""
    if not text:
        return False
    if text[0] in FORMULA_STARTS:
        return True
    rest = text.lstrip(" \n\u00a0")
    return bool(rest) and rest[0] in FORMULA_STARTS


def neutralise(text: str) -> str:
    """`text` with a leading single quote when it could be read as a formula (OWASP)."""
    return "'" + text if starts_like_formula(text) else text


def csv_text(text: str) -> str:
    """A text cell for a CSV file: neutralised, then quoted when it holds a separator, quote
    or line break (inner quotes doubled)."""
    text = neutralise(text)
    if any(ch in _NEEDS_QUOTES for ch in text) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def needs_quote(text: str) -> bool:
    """True when `text` gets a quote in front in files we read back (master-data exports): it
    could be a formula, or it already starts with a quote in front of something that needs one
    (so that `restore` can tell our quote from one the user typed)."""
    return starts_like_formula(text) or (text.startswith("'") and needs_quote(text[1:]))


def neutralise_reversibly(text: str) -> str:
    """`text` with a leading single quote when it needs one (see needs_quote); `restore`
    gives back exactly `text`."""
    return "'" + text if needs_quote(text) else text


def restore(text: str) -> str:
    """A cell of a file we wrote with neutralise_reversibly, as it was: the quote comes off
    only where neutralise_reversibly put it; any other leading quote is the user's own."""
    return text[1:] if text.startswith("'") and needs_quote(text[1:]) else text


def csv_text_reversible(text: str) -> str:
    """Like csv_text, with the reversible neutralising (for files that are imported again)."""
    text = neutralise_reversibly(text)
    if any(ch in _NEEDS_QUOTES for ch in text) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text
