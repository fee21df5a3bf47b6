"""Named read-side SQL from queries/*.sql.

A file holds blocks that start with `-- name: some_name`. A block may include another block of
the same file as `{other_name}` and take identifiers chosen from a whitelist by the caller
(`{order_by}`); values are always bound parameters, never formatted in.
"""

from __future__ import annotations

import re
import string
from functools import cache
from importlib import resources
from pathlib import Path

_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)


def _folder() -> Path:
    packaged = resources.files("axos_data") / "_queries"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "queries"


@cache
def _blocks() -> dict[str, str]:
    blocks: dict[str, str] = {}
    for path in sorted(_folder().glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        matches = list(_NAME.finditer(text))
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            end = following.start() if following else len(text)
            name = match.group(1)
            if name in blocks:
                raise RuntimeError(f"query {name} is defined twice ({path.name})")
            blocks[name] = _without_trailing_comments(text[match.end() : end])
    return blocks


def _without_trailing_comments(block: str) -> str:
    """The block without the comment lines that introduce the next block (they would
    comment out whatever follows an included block)."""
    lines = block.strip().splitlines()
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("--")):
        lines.pop()
    return "\n".join(lines).rstrip(";")


def names() -> list[str]:
    return sorted(_blocks())


def sql(name: str, **identifiers: str) -> str:
    """The query `name` with included blocks and the given identifiers filled in."""
    blocks = _blocks()
    text = blocks[name]
    for _ in range(5):
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        if not fields:
            return text
        values = {f: identifiers[f] if f in identifiers else blocks[f] for f in fields}
        text = text.format(**values)
    raise RuntimeError(f"query {name} includes too deeply")
