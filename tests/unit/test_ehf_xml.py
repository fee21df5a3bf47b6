"""ehf_xml.serialize writes the bytes ElementTree.tostring writes, for any tree of the EHF
namespaces: texts and attributes with markup characters, line breaks and tabs, empty and
missing texts, nesting."""

from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from axos_data import ehf, ehf_xml

texts = st.none() | st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
attributes = st.dictionaries(
    st.sampled_from(["schemeID", "currencyID", "unitCode", "name"]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    max_size=2,
)
tags = st.sampled_from(
    [f"{{{ehf.CBC}}}ID", f"{{{ehf.CBC}}}Note", f"{{{ehf.CAC}}}Party", f"{{{ehf.CAC}}}Item"]
)


@st.composite
def trees(draw, depth=0):
    node = ET.Element(draw(tags), draw(attributes))
    node.text = draw(texts)
    if depth < 3:
        for _ in range(draw(st.integers(0, 3))):
            node.append(draw(trees(depth=depth + 1)))
    return node


def _expected(root):
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(trees(), max_size=4), texts)
def test_random_trees_serialise_as_elementtree_does(children, text):
    root = ET.Element(f"{{{ehf.UBL}}}Invoice")
    root.text = text
    root.extend(children)
    ET.SubElement(root, f"{{{ehf.CAC}}}Party")  # every EHF uses both prefixes
    ET.SubElement(root, f"{{{ehf.CBC}}}ID")
    assert ehf_xml.serialize(root, ehf.NAMESPACES) == _expected(root)


def test_markup_line_breaks_and_empty_elements():
    root = ET.Element(f"{{{ehf.UBL}}}Invoice")
    ET.SubElement(root, f"{{{ehf.CBC}}}Note").text = 'Kaffe & <kaker> "ŋŧ"\r\n\t'
    ET.SubElement(root, f"{{{ehf.CBC}}}Note").text = ""
    ET.SubElement(root, f"{{{ehf.CAC}}}Item", {"name": 'a&b<c>"d"\r\n\te'})
    assert ehf_xml.serialize(root, ehf.NAMESPACES) == _expected(root)
    assert b"<cbc:Note />" in _expected(root)
