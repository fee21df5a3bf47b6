"""Validating EHF / Peppol BIS Billing 3.0 invoices against the official Schematron rules.

The rules (Peppol incl. the Norwegian NO-R rules, and CEN EN 16931) are vendored in
axos_data/peppol/ (see its README). Each .sch file is turned into an XSLT by SchXslt once per
process (the generated XSLT is also kept on disk under the user's cache, keyed by the rules'
hash, which saves the SchXslt step next time) and compiled by saxonche once per process. An
invoice is valid when no failed assertion has flag "fatal".
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import deque
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

from saxonche import PySaxonApiError, PySaxonProcessor

from axos_data import os_errors
from axos_data.errors import InvalidInput

RULE_FILES = ("CEN-EN16931-UBL.sch", "PEPPOL-EN16931-UBL.sch")
_SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@dataclass(frozen=True)
class FailedAssertion:
    id: str
    flag: str  # "fatal" or "warning"
    message: str
    location: str

    @property
    def fatal(self) -> bool:
        return self.flag == "fatal"


@dataclass(frozen=True)
class ValidationResult:
    failed: tuple[FailedAssertion, ...]

    @property
    def fatal(self) -> tuple[FailedAssertion, ...]:
        return tuple(f for f in self.failed if f.fatal)

    @property
    def valid(self) -> bool:
        return not self.fatal


def peppol_dir() -> Path:
    return Path(str(resources.files("axos_data") / "peppol"))


def cache_dir() -> Path:
    """Where generated XSLT is kept between runs: $AXOS_CACHE_DIR, else the user's cache."""
    explicit = os.environ.get("AXOS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "axos" / "peppol"


class _Validator:
    """One Saxon processor with both compiled rule sets. Saxon's compiled stylesheets are
    not documented as thread-safe, so transforms are serialised by a lock (one validation
    is ~0.02 s, so this costs nothing that matters)."""

    def __init__(self) -> None:
        self.processor = PySaxonProcessor(license=False)
        self.xslt = self.processor.new_xslt30_processor()
        self.compiled = [self.xslt.compile_stylesheet(stylesheet_text=t) for t in _generated()]
        self.lock = threading.Lock()

    def validate(self, data: bytes) -> ValidationResult:
        # A UBL invoice has no DTD; refusing one keeps entity tricks (reading local files
        # into the report) out of a file someone sent us.
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise InvalidInput("Filen har en DOCTYPE/ENTITY-deklarasjon; en EHF-faktura har ingen.")
        with self.lock:
            try:
                node = self.processor.parse_xml(xml_text=data.decode("utf-8"))
                reports = [c.transform_to_string(xdm_node=node) for c in self.compiled]
            except (PySaxonApiError, UnicodeDecodeError) as error:
                raise InvalidInput(f"Filen er ikke gyldig XML i UTF-8: {error}") from None
        failed: list[FailedAssertion] = []
        for report in reports:
            failed.extend(_failed_assertions(report))
        return ValidationResult(tuple(failed))


def _generated() -> list[str]:
    """The SchXslt output for each rule file, from the disk cache when its key matches."""
    folder = peppol_dir()
    texts = []
    processor: PySaxonProcessor | None = None
    pipeline = None
    for name in RULE_FILES:
        source = folder / "rules" / name
        key = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        cached = cache_dir() / f"{source.stem}-{key}-compact.xsl"
        if cached.is_file():
            texts.append(cached.read_text(encoding="utf-8"))
            continue
        if pipeline is None:
            processor = PySaxonProcessor(license=False)
            pipeline = processor.new_xslt30_processor().compile_stylesheet(
                stylesheet_file=str(folder / "schxslt" / "pipeline-for-svrl.xsl")
            )
            # Compact SVRL: only the failed assertions and reports, no element per pattern
            # and rule fired (16 times less output; a validation takes a quarter less time).
            pipeline.set_parameter("schxslt.svrl.compact", processor.make_boolean_value(True))
        text = pipeline.transform_to_string(source_file=str(source))
        _store(cached, text)
        texts.append(text)
    return texts


def _store(path: Path, text: str) -> None:
    """Best effort: a read-only home only costs the SchXslt step next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass


def _failed_assertions(svrl: str) -> list[FailedAssertion]:
    if "failed-assert" not in svrl:  # the common case: nothing to parse
        return []
    root = ElementTree.fromstring(svrl.encode("utf-8"))
    result = []
    for element in root.iter(f"{_SVRL}failed-assert"):
        text = element.find(f"{_SVRL}text")
        message = " ".join((text.text or "").split()) if text is not None else ""
        result.append(
            FailedAssertion(
                id=element.get("id", ""),
                flag=element.get("flag", "fatal"),
                message=message,
                location=element.get("location", ""),
            )
        )
    return result


_instance: _Validator | None = None
_instance_lock = threading.Lock()


def validator() -> _Validator:
    """The process's validator, compiled on first use (about 2 s)."""
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = _Validator()
        return _instance


def validate_bytes(data: bytes) -> ValidationResult:
    """Every failed assertion of both rule sets for one UBL invoice."""
    return validator().validate(data)


def validate_file(path: str | Path) -> ValidationResult:
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InvalidInput(f"Kan ikke lese {file}: {os_errors.reason(error)}.") from None
    return validate_bytes(data)


def _validate_in_worker(documents: list[bytes]) -> list[ValidationResult]:
    return [validate_bytes(data) for data in documents]


def _warm_worker() -> None:
    validator()  # compile the rules while the caller is still building the first invoices


class ValidationPool:
    """Validates many invoices in worker processes while the caller goes on building the
    next ones (one validation is ~5 ms of Saxon time; an export of 10,000 orders has
    thousands). Invoices go to the workers `batch` at a time: one task per invoice cost the
    caller a pickle, a pipe write and a thread wake-up each, which under load was seconds.
    Results come back in submission order; at most about `window` invoices are in flight, so
    memory stays flat however many are submitted. Use as a context manager: leaving it stops
    the workers, also after an error (pending validations are cancelled)."""

    def __init__(self, workers: int = 2, window: int = 256, batch: int = 16) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the caller holds a DuckDB connection and Saxon state that a forked
        # child must not share.
        self._executor = ProcessPoolExecutor(
            max_workers=max(1, min(workers, os.cpu_count() or 1)),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_worker,
        )
        self._window = window
        self._batch = max(1, batch)
        self._waiting: list[tuple[object, bytes]] = []  # not sent yet
        self._pending: deque = deque()  # (keys, future), oldest first
        self._in_flight = 0

    def submit(self, key: object, data: bytes) -> list[tuple[object, ValidationResult]]:
        """Queue one invoice; returns the (key, result) pairs that had to be awaited to keep
        the window (oldest first)."""
        self._waiting.append((key, data))
        if len(self._waiting) >= self._batch:
            self._send()
        done = []
        while self._in_flight > self._window:
            done.extend(self._take())
        return done

    def drain(self) -> list[tuple[object, ValidationResult]]:
        """Wait for every queued invoice; (key, result) pairs in submission order."""
        if self._waiting:
            self._send()
        done = []
        while self._pending:
            done.extend(self._take())
        return done

    def _send(self) -> None:
        keys = [key for key, _ in self._waiting]
        documents = [data for _, data in self._waiting]
        self._waiting = []
        self._pending.append((keys, self._executor.submit(_validate_in_worker, documents)))
        self._in_flight += len(keys)

    def _take(self) -> list[tuple[object, ValidationResult]]:
        keys, future = self._pending.popleft()
        results = future.result()
        self._in_flight -= len(keys)
        return list(zip(keys, results, strict=True))

    def __enter__(self) -> ValidationPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
