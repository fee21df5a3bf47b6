"""Parsing XML from outside without the classic XML attacks.

A bank file has no business with a DTD. The parser below refuses any document type
declaration, and with it every entity declaration, so neither entity expansion ("billion
laughs", quadratic blow-up) nor external entities (file or network reads) can happen: it fails
on the declaration, before any entity could be defined. Built on the stdlib expat parser
directly (not defusedxml: that is only a transitive dependency here, and the same guard is a
dozen lines); the C ElementTree parser exposes no handler to hook, so the tree is built with
ElementTree's TreeBuilder from expat's events.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from axos_data.errors import InvalidPaymentFile, UnsafeXml


def parse(data: bytes, name: str) -> tuple[Element, dict[int, int]]:
    """The root element and the line each element starts on (keyed by id(element)).

    UnsafeXml on a DTD or entity declaration; InvalidPaymentFile when the XML is malformed.
    """
    builder = TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_args: object) -> None:
        raise UnsafeXml(
            f"{name}, linje {parser.CurrentLineNumber}: filen har en DTD eller"
            " entitetsdeklarasjon (<!DOCTYPE …>/<!ENTITY …>). Det har ingen bankfil;"
            " filen avvises av sikkerhetshensyn."
        )

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(_clark(tag), {_clark(k): v for k, v in attrs.items()})
        lines[id(element)] = parser.CurrentLineNumber

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_clark(tag))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise InvalidPaymentFile(
            f"{name}, linje {error.lineno}: ikke gyldig XML ({expat.ErrorString(error.code)})."
        ) from None
    return builder.close(), lines


def _clark(name: str) -> str:
    """{namespace}local, as ElementTree names elements, from expat's namespace}local."""
    return "{" + name if "}" in name else name
