"""Incoming payments from ISO 20022 camt.054 (BankToCustomerDebitCreditNotification), what
Norwegian banks deliver for KID payments (OCR replacement). Versions 001.02 to 001.08.

Per transaction (Ntry/NtryDtls/TxDtls) of every credit entry (CdtDbtInd CRDT) that is booked:
- KID: RmtInf/Strd/CdtrRefInf/Ref; free text: RmtInf/Ustrd
- amount: TxDtls/Amt (001.04+) or TxDtls/AmtDtls/TxAmt/Amt, else the entry's Amt when the
  entry holds one transaction; currency must be NOK
- date: the entry's BookgDt (Dt or DtTm), else ValDt
- payer: RltdPties/Dbtr/Nm (or Dbtr/Pty/Nm in 001.08)
- bank reference (the identity): TxDtls/Refs/AcctSvcrRef, else the entry's AcctSvcrRef with the
  transaction's position. EndToEndId is chosen by the payer and not unique, so it is not used.
Debit entries, reversals and entries not booked (PDNG/INFO) are left out.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from axos_data.bank import safe_xml
from axos_data.bank.records import IncomingPayment, PaymentFile, make_file, payment
from axos_data.errors import InvalidPaymentFile

ROOT = "BkToCstmrDbtCdtNtfctn"


def looks_like_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def read_camt054(data: bytes, name: str) -> PaymentFile:
    root, lines = safe_xml.parse(data, name)
    notification = _child(root, ROOT)
    if _local(root.tag) != "Document" or notification is None:
        raise InvalidPaymentFile(
            f"{name}: ikke en camt.054-fil (fant <{_local(root.tag)}>, ventet <Document><{ROOT}>)."
        )
    payments: list[IncomingPayment] = []
    for n, ntfctn in enumerate(_children(notification, "Ntfctn"), start=1):
        for e, entry in enumerate(_children(ntfctn, "Ntry"), start=1):
            payments.extend(_entry(entry, f"{name}: Ntfctn {n}/Ntry {e}", lines))
    return make_file(name, "camt.054", data, payments)


def _entry(entry: Element, where: str, lines: dict[int, int]) -> list[IncomingPayment]:
    at = f"{where} (linje {lines.get(id(entry), '?')})"
    if _text(entry, "CdtDbtInd") != "CRDT" or _text(entry, "RvslInd") == "true":
        return []
    status = _text(entry, "Sts") or _text(entry, "Sts", "Cd")
    if status not in (None, "BOOK"):
        return []
    booked = (
        _text(entry, "BookgDt", "Dt")
        or _text(entry, "BookgDt", "DtTm")
        or _text(entry, "ValDt", "Dt")
        or _text(entry, "ValDt", "DtTm")
    )
    if booked is None:
        raise InvalidPaymentFile(f"{at}: mangler bokføringsdato (BookgDt/Dt eller ValDt/Dt).")
    transactions = [tx for d in _children(entry, "NtryDtls") for tx in _children(d, "TxDtls")]
    entry_ref = _text(entry, "AcctSvcrRef")
    if not transactions:
        amount = _amount(_child(entry, "Amt"), at)
        return [_payment(at, booked, amount, None, entry_ref)]
    result = []
    for t, tx in enumerate(transactions, start=1):
        tx_at = f"{where}/TxDtls {t} (linje {lines.get(id(tx), '?')})"
        if _text(tx, "CdtDbtInd") not in (None, "CRDT"):
            continue
        element = _first(
            _child(tx, "Amt"),
            _find(tx, "AmtDtls", "TxAmt", "Amt"),
            _find(tx, "AmtDtls", "InstdAmt", "Amt"),
            _child(entry, "Amt") if len(transactions) == 1 else None,
        )
        ref = _text(tx, "Refs", "AcctSvcrRef")
        if ref is None and entry_ref is not None:
            ref = entry_ref if len(transactions) == 1 else f"{entry_ref}/{t}"
        result.append(_payment(tx_at, booked, _amount(element, tx_at), tx, ref))
    return result


def _payment(
    where: str, booked: str, amount: str, tx: Element | None, ref: str | None
) -> IncomingPayment:
    kid = payer = text = None
    if tx is not None:
        kid = _text(tx, "RmtInf", "Strd", "CdtrRefInf", "Ref")
        payer = _text(tx, "RltdPties", "Dbtr", "Nm") or _text(tx, "RltdPties", "Dbtr", "Pty", "Nm")
        remittance = _child(tx, "RmtInf")
        if remittance is not None:
            parts = [(u.text or "").strip() for u in _children(remittance, "Ustrd")]
            text = " ".join(p for p in parts if p) or None
    return payment(
        where,
        booked_on=booked[:10],
        amount=amount,
        kid=kid,
        payer=payer,
        text=text,
        bank_ref=ref,
    )


def _amount(element: Element | None, where: str) -> str:
    if element is None or not (element.text or "").strip():
        raise InvalidPaymentFile(f"{where}: mangler beløp (Amt).")
    currency = element.get("Ccy", "NOK")
    if currency != "NOK":
        raise InvalidPaymentFile(
            f"{where}: beløpet er i {currency}; bare innbetalinger i NOK kan avstemmes."
        )
    return element.text.strip()


def _first(*elements: Element | None) -> Element | None:
    """The first element given (not `or`: an element without children is falsy)."""
    return next((e for e in elements if e is not None), None)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _find(element: Element | None, *path: str) -> Element | None:
    for name in path:
        if element is None:
            return None
        element = _child(element, name)
    return element


def _text(element: Element, *path: str) -> str | None:
    found = _find(element, *path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None
