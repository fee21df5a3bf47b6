"""File names from users: kept as uploaded for showing, made safe where they meet a disk or an
HTTP header. A name never becomes a path in the file store (blobs are named by their hash);
these rules matter when a file is saved for the user (`axos file get -o DIR`) or downloaded.

Safe for disk: the last path component only, no control characters, none of the characters
Windows refuses (<>:"/\\|?*), no leading or trailing dots and spaces, not a reserved device
name (CON, NUL, COM1 …), at most 200 bytes of UTF-8 with the extension kept.
Safe for headers: RFC 6266 `filename*=UTF-8''…` (percent-encoded) plus an ASCII fallback
`filename="…"` for old clients.
"""

from __future__ import annotations

import unicodedata
import urllib.parse

from axos_data.errors import EmptyValue, InvalidText, TextTooLong
from axos_data.limits import is_control

MAX_NAME_CHARS = 255
_MAX_DISK_BYTES = 200
_FALLBACK = "fil"
_WINDOWS_FORBIDDEN = frozenset('<>:"/\\|?*')
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{stem}{n}" for stem in ("COM", "LPT") for n in "0123456789¹²³"]
)


def uploaded_name(name: object) -> str:
    """The name as the user gave it, stripped of surrounding whitespace; refused when empty,
    not text, or longer than 255 characters. Control characters are kept (a file system may
    allow them): they are data, shown escaped and removed wherever the name is used."""
    text = "" if name is None else str(name).strip()
    if not text or all(is_control(c) or c.isspace() for c in text):
        raise EmptyValue("Filnavnet kan ikke være tomt.")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InvalidText("Filnavnet er ikke gyldig UTF-8-tekst.")
    if len(text) > MAX_NAME_CHARS:
        raise TextTooLong(
            f"Filnavnet er for langt: {len(text)} tegn; høyst {MAX_NAME_CHARS} er tillatt."
            f" Navnet begynner med «{text[:40]}…»."
        )
    return text


def _split_extension(name: str) -> tuple[str, str]:
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 16:
        return name, ""
    return stem, "." + extension


def _trim_bytes(name: str, limit: int) -> str:
    stem, extension = _split_extension(name)
    room = max(limit - len(extension.encode("utf-8")), 1)
    encoded = stem.encode("utf-8")[:room]
    return encoded.decode("utf-8", errors="ignore") + extension


def disk_name(name: str) -> str:
    """A name that is safe as one file in a folder on Linux, macOS and Windows."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        "_" if is_control(c) or c in _WINDOWS_FORBIDDEN else c
        for c in unicodedata.normalize("NFC", last)
    )
    cleaned = cleaned.strip(" .")
    if not cleaned:
        return _FALLBACK
    stem = cleaned.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        cleaned = "_" + cleaned
    return _trim_bytes(cleaned, _MAX_DISK_BYTES)


def ascii_name(name: str) -> str:
    """The disk name in printable ASCII (accents dropped, other letters replaced), for the
    `filename=` fallback of a header: no quote or backslash to escape."""
    safe = disk_name(name)
    decomposed = unicodedata.normalize("NFKD", safe)
    ascii_text = "".join(
        c if 0x20 <= ord(c) < 0x7F and c not in '"\\%;' else "_"
        for c in decomposed
        if not unicodedata.combining(c)
    )
    stem, extension = _split_extension(ascii_text)
    if not stem.strip("_ ."):
        return _FALLBACK + extension
    return ascii_text


def content_disposition(name: str, *, inline: bool = False) -> str:
    """An RFC 6266 Content-Disposition value: ASCII fallback and the UTF-8 name."""
    kind = "inline" if inline else "attachment"
    encoded = urllib.parse.quote(disk_name(name), safe="")
    return f"{kind}; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{encoded}"
