"""axos export …: files for the accounting system and EHF; `validate` checks EHF files."""

from __future__ import annotations

import sys

import click

from axos_data.cli._common import State, echo, emit, with_state


@click.group("export")
def export() -> None:
    """Invoice basis and EHF."""


@export.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@with_state
def export_validate(state: State, files: tuple[str, ...]) -> None:
    """Validate EHF (Peppol BIS Billing 3.0) files against the official rules; prints each
    broken rule with its id and message, exits 1 when any file breaks a fatal rule."""
    from axos_data import ehf_validate  # Saxon loads only for this command

    report = []
    for name in files:
        result = ehf_validate.validate_file(name)
        report.append(
            {
                "file": name,
                "valid": result.valid,
                "failed": [
                    {"id": f.id, "flag": f.flag, "message": f.message, "location": f.location}
                    for f in result.failed
                ],
            }
        )

    def human() -> None:
        for entry in report:
            fatal = sum(1 for f in entry["failed"] if f["flag"] == "fatal")
            warnings = len(entry["failed"]) - fatal
            verdict = "gyldig" if entry["valid"] else "UGYLDIG"
            echo(f"{entry['file']}: {verdict} ({fatal} feil, {warnings} advarsler)")
            for failed in entry["failed"]:
                kind = "feil" if failed["flag"] == "fatal" else "advarsel"
                echo(f"  {failed['id']} ({kind}): {failed['message']}")

    emit(state, report, human)
    if not all(entry["valid"] for entry in report):
        sys.exit(1)


def register(cli: click.Group) -> None:
    cli.add_command(export)
