"""The company logo printed at the top of order confirmations.

Stored as bytes in the database (table company_logo), so a backup carries it and no path on
one machine matters. Only PNG and JPEG are accepted, and only after fpdf2 itself has placed
the image on a scratch page: a logo that passes here cannot break a confirmation later.
"""

from __future__ import annotations

import hashlib
import io

from axos_data.access import Con, fetch_row
from axos_data.errors import InvalidLogo
from axos_data.model import Actor, optional_text
from axos_data.services._base import require_settings_right
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit

MAX_LOGO_BYTES = 2 * 1024 * 1024
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_media_type(content: bytes, file_name: str | None = None) -> str:
    """The media type of a PNG or JPEG that fpdf2 can draw; InvalidLogo otherwise."""
    shown = file_name or "logoen"
    if not content:
        raise InvalidLogo(f"Logofilen «{shown}» er tom.")
    if len(content) > MAX_LOGO_BYTES:
        raise InvalidLogo(
            f"Logofilen «{shown}» er {len(content) // 1024} kB; største tillatte er"
            f" {MAX_LOGO_BYTES // 1024} kB."
        )
    media_type = next((t for sig, t in _SIGNATURES.items() if content.startswith(sig)), None)
    if media_type is None:
        raise InvalidLogo(f"Logofilen «{shown}» er verken PNG eller JPEG.")
    from fpdf import FPDF  # imported here: the PDF library is heavy and rarely needed

    try:
        scratch = FPDF()
        scratch.add_page()
        scratch.image(io.BytesIO(content), x=10, y=10, h=10)
    except Exception as error:  # fpdf2/Pillow raise many kinds for a damaged image
        raise InvalidLogo(
            f"Logofilen «{shown}» kan ikke leses som bilde ({type(error).__name__})."
        ) from None
    return media_type


def company_logo(con: Con) -> dict | None:
    """{content, media_type, file_name, sha256} of the logo, or None when there is none."""
    return fetch_row(
        con, "SELECT content, media_type, file_name, sha256 FROM company_logo WHERE id = 1"
    )


def set_company_logo(
    con: Con, actor: int | Actor, content: bytes, file_name: str | None = None
) -> str:
    """Store (or replace) the logo; returns its SHA-256."""
    content = bytes(content)
    name = optional_text(file_name, "Filnavn")
    media_type = logo_media_type(content, name)
    digest = hashlib.sha256(content).hexdigest()

    def work(c: Con, who: Actor) -> str:
        require_settings_right(who, "endre firmalogoen")
        before = _described(c)
        c.execute("DELETE FROM company_logo")
        c.execute(
            "INSERT INTO company_logo VALUES (1, ?, ?, ?, ?)", [content, media_type, name, digest]
        )
        record_audit(c, who, "company_logo", 1, "changed", before, _described(c))
        return digest

    return mutate(con, actor, work)


def remove_company_logo(con: Con, actor: int | Actor) -> None:
    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, "fjerne firmalogoen")
        before = _described(c)
        if before is None:
            return
        c.execute("DELETE FROM company_logo")
        record_audit(c, who, "company_logo", 1, "removed", before, None)

    mutate(con, actor, work)


def _described(con: Con) -> dict | None:
    """The logo as the audit log shows it: name, type, size and hash, never the bytes."""
    return fetch_row(
        con,
        "SELECT file_name, media_type, octet_length(content) AS bytes, sha256 FROM company_logo",
    )
