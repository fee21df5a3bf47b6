"""click's own error messages (a missing argument, an unknown option, a value of the wrong
type) in Norwegian, like every other error line of the CLI.

click builds them from fixed English templates (click/exceptions.py, parser.py, types.py) and
offers no per-program translation short of replacing the process-wide gettext domain, so the
finished message is matched against those templates here. A message no template matches is
shown as click wrote it: better English than nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _quoted(text: str) -> str:
    """click quotes names and values with repr(): 'x' → «x»."""
    return re.sub(r"'([^']*)'", r"«\1»", text)


_NUMBER = {"integer": "heltall", "float": "desimaltall"}
_PATH = {"file": "Filen", "directory": "Mappen", "path": "Stien"}
_PATH_STATE = {
    "does not exist": "finnes ikke",
    "is a file": "er en fil, ikke en mappe",
    "is a directory": "er en mappe, ikke en fil",
    "is not readable": "kan ikke leses",
    "is not writable": "kan ikke skrives",
    "is not executable": "kan ikke kjøres",
}

# Whole messages, tried in order; each rule's own part is followed by what comes after it.
_RULES: list[_Rule] = [
    (re.compile(r"^Missing argument '([^']+)'\.(.*)$"), lambda m: f"Mangler {m[1]}.{m[2]}"),
    (re.compile(r"^Missing option '([^']+)'\.(.*)$"), lambda m: f"Mangler valget {m[1]}.{m[2]}"),
    (re.compile(r"^Missing parameter:? ?'?([^'.]*)'?\.?(.*)$"), lambda m: f"Mangler {m[1]}.{m[2]}"),
    (re.compile(r"^Missing command\.$"), lambda m: "Mangler kommando (se --help)."),
    (
        re.compile(r"^No such option:? '?([^'\s]+?)'?\.?( .*)?$"),
        lambda m: f"Ukjent valg «{m[1]}».{_possibilities(m[2] or '')}",
    ),
    (
        re.compile(r"^No such command '([^']+)'\.(.*)$"),
        lambda m: f"Ukjent kommando «{m[1]}».{_possibilities(m[2])} Se --help.",
    ),
    (
        re.compile(r"^Got unexpected extra arguments? \((.*)\)$"),
        lambda m: f"Uventet ekstra argument: {m[1]}.",
    ),
    (
        re.compile(r"^Option '([^']+)' requires an argument\.$"),
        lambda m: f"Valget {m[1]} trenger en verdi.",
    ),
    (
        re.compile(r"^Option '([^']+)' requires (\d+) arguments\.$"),
        lambda m: f"Valget {m[1]} trenger {m[2]} verdier.",
    ),
    (
        re.compile(r"^Option '([^']+)' does not take a value\.$"),
        lambda m: f"Valget {m[1]} tar ingen verdi.",
    ),
    (
        re.compile(r"^Argument '([^']+)' takes (\d+) values\.$"),
        lambda m: f"{m[1]} tar {m[2]} verdier.",
    ),
    (
        re.compile(r"^Invalid value for (.+?): (.*)$", re.S),
        lambda m: f"Ugyldig verdi for {_quoted(m[1])}: {_value(m[2])}",
    ),
    (re.compile(r"^Invalid value: (.*)$", re.S), lambda m: f"Ugyldig verdi: {_value(m[1])}"),
]

# The reason inside "Invalid value for X: <reason>".
_VALUE_RULES: list[_Rule] = [
    (
        re.compile(r"^'(.*)' is not a valid (integer|float)\.$"),
        lambda m: f"«{m[1]}» er ikke et gyldig {_NUMBER[m[2]]}.",
    ),
    (
        re.compile(r"^'(.*)' is not a valid boolean\..*$"),
        lambda m: f"«{m[1]}» er verken ja eller nei (skriv true eller false).",
    ),
    (
        re.compile(r"^'(.*)' is not (?:one of )?(.*)\.$"),
        lambda m: f"«{m[1]}» er ikke et av valgene {_quoted(m[2])}.",
    ),
    (
        re.compile(r"^(.*) is not in the range (.*)\.$"),
        lambda m: f"{m[1]} er utenfor det tillatte området {m[2]}.",
    ),
    (
        re.compile(r"^'(.*)' does not match the formats? (.*)\.$"),
        lambda m: f"«{m[1]}» passer ikke formatet {_quoted(m[2])}.",
    ),
    (
        re.compile(
            r"^(File|Directory|Path|file|directory|path) '(.*)' (" + "|".join(_PATH_STATE) + r")\.$"
        ),
        lambda m: f"{_PATH[m[1].lower()]} «{m[2]}» {_PATH_STATE[m[3]]}.",
    ),
]


def _possibilities(text: str) -> str:
    """click's "Did you mean 'x'?" after an unknown name."""
    text = text.strip()
    if not text:
        return ""
    match = re.fullmatch(r"\(?Did you mean (?:one of: )?(.*)\?\)?", text)
    return f" Mente du {_quoted(match[1])}?" if match else f" {text}"


def _apply(rules: list[_Rule], message: str) -> str | None:
    for pattern, make in rules:
        match = pattern.match(message)
        if match:
            return make(match)
    return None


def _value(reason: str) -> str:
    return _apply(_VALUE_RULES, reason.strip()) or reason


def norwegian(message: str) -> str:
    """click's formatted error message in Norwegian (unchanged when no template matches)."""
    return _apply(_RULES, message.strip()) or message
