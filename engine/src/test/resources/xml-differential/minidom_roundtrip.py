# minidom (through xml.dom.expatbuilder): parseString, the DOM it builds, toxml round trips.
from xml.dom import minidom

DOCS = [
    '<r a="1"><b>hi</b><!--c--><?pi data?><c/></r>',
    '<?xml version="1.0" encoding="utf-8"?><r xmlns="urn:d" xmlns:p="urn:p"><p:x p:a="1">t</p:x></r>',
    '<!DOCTYPE r [<!ENTITY e "expanded"><!ATTLIST r d CDATA "dflt">]><r>&e;<![CDATA[<raw>]]></r>',
    '<r>\n  <i>1</i>\n  <i>2</i>\n</r>',
]


def handler(events, context):
    out = []
    for doc in DOCS:
        d = minidom.parseString(doc)
        out.append(d.toxml())
        out.append(d.documentElement.toprettyxml(indent=' '))
        if d.doctype is not None:
            out.append([d.doctype.name, d.doctype.internalSubset,
                        [d.doctype.entities.item(i).nodeName for i in range(d.doctype.entities.length)]])
    d = minidom.parseString(DOCS[1])
    out.append([[e.namespaceURI, e.localName, e.prefix, e.tagName] for e in d.getElementsByTagNameNS('urn:p', 'x')])
    out.append([[a.name, a.value, a.namespaceURI] for a in d.getElementsByTagNameNS('*', 'x')[0].attributes.values()])
    d = minidom.parseString(b'<?xml version="1.0" encoding="iso-8859-1"?><r>\xe9</r>')
    out.append(d.documentElement.firstChild.data)
    try:
        minidom.parseString('<a><b></a>')
    except Exception as e:
        out.append([type(e).__name__, str(e)])
    return out
