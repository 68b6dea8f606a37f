# ElementTree: elements, attributes in order, namespaces as {uri}tag, text and tail, CDATA, character and
# entity references, internal DTD entities, encodings, a serialisation round trip.
import xml.etree.ElementTree as ET


def describe(root):
    return [[e.tag, list(e.attrib.items()), e.text, e.tail] for e in root.iter()]


DOCS = [
    '<r a="1" b="2" c="3"><x>text<y/>tail</x>  <z k="v&amp;w"/></r>',
    '<?xml version="1.0"?><r xmlns="urn:default" xmlns:p="urn:p" p:attr="1" plain="2"><p:c>in p</p:c><d/></r>',
    '<r>a &amp; b &lt; c &gt; d &quot; &apos; &#65;&#x42;&#x1F600;</r>',
    '<r><![CDATA[<not> & markup]]> after</r>',
    '<!DOCTYPE r [<!ENTITY who "world"><!ENTITY greet "hello &who;">]><r at="&who;">&greet;!</r>',
    '<r>\r\nline two\rline three\n</r>',
    '<r xml:lang="en"><e xmlns:q="urn:q" q:a="1" q:b="2"/></r>',
    '<r a="  spaced\tvalue\n "/>',
]


def handler(events, context):
    out = []
    for doc in DOCS:
        root = ET.fromstring(doc)
        out.append(describe(root))
        out.append(ET.tostring(root, encoding='unicode'))
    # Bytes in several encodings, the declaration naming it (or a BOM).
    text = '<?xml version="1.0" encoding="%s"?><r>caf\u00e9 \u00fc\u00df</r>'
    for encoding in ('utf-8', 'iso-8859-1', 'utf-16'):
        root = ET.fromstring((text % encoding).encode(encoding))
        out.append([encoding, root.text])
    # An encoding given to the parser overrides the document's.
    parser = ET.XMLParser(encoding='iso-8859-1')
    parser.feed('<?xml version="1.0" encoding="utf-8"?><r>\u00e9</r>'.encode('iso-8859-1'))
    out.append(parser.close().text)
    # A str is parsed as text whatever encoding it declares.
    out.append(ET.fromstring('<?xml version="1.0" encoding="iso-8859-1"?><r>\u20ac</r>').text)
    tree = ET.ElementTree(ET.fromstring('<a><b n="1"/><b n="2"><c/></b></a>'))
    out.append([b.get('n') for b in tree.findall('.//b')])
    out.append(len(tree.findall('.//c')))
    return out
