# Malformed documents: the same ParseError (code, position, message) as expat gives.
import xml.etree.ElementTree as ET

DOCS = [
    '<a></b>', '<a>', '', '   ', '<a/><b/>', '<a/>text', '<a><b></a>', "<a x='1' x='2'/>", "<a x='1' y='2' x='3'/>",
    '<a>&foo;</a>', '<a>\n  <b>\n</a>', '<a b=c/>', '<a><</a>', "<?xml version='1.0'?><a>\x01</a>",
    '<a>]]></a>', '<a', '<a><b', "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;&f;</a>", "  <?xml version='1.0'?><a/>",
    '<a>\n<b>\u00e9</b></c>', 'text', '<a><!-- x -- y --></a>', "<a b='<'/>", '<p:a/>', '<a p:b="1"/>',
    '<a>&#0;</a>', '<a><![CDATA[x</a>', '<a>\n\n   <b></a>\n', '<a/> <!-- c --> <?p?> x', '<a/>\n\n  junk',
    '<a><!-- x', '<a b="1" c>', '<a>a & b</a>', '<a>&b</a>', '<r xmlns:p=""/>', '<r xmlns:xml="urn:x"/>',
    '<!DOCTYPE r [<!ENTITY a "&b;"><!ENTITY b "&a;">]><r>&a;</r>', '<?xml version="1.0" encoding="bogus"?><r/>',
    '<r><p:a xmlns:p="urn:p"/><p:b/></r>', b'<?xml version="1.0" encoding="bogus"?><r/>', b'<r>\xff</r>',
    '<?xml version="1.0" encoding="utf-8"?>\n<r>\n<a>x</a>\n</r>\n<r/>',
]


def handler(events, context):
    out = []
    for doc in DOCS:
        try:
            ET.fromstring(doc)
            out.append([repr(doc), 'parsed'])
        except ET.ParseError as e:
            out.append([repr(doc), e.code, list(e.position), str(e)])
        except LookupError as e:
            out.append([repr(doc), type(e).__name__, str(e)])
    # Fed in pieces: the error is the same wherever the document was cut.
    parser = ET.XMLParser()
    try:
        parser.feed('<root><item>1</item>')
        parser.feed('<item>2</itm></root>')
        parser.close()
        out.append('parsed')
    except ET.ParseError as e:
        out.append([e.code, list(e.position), str(e)])
    return out
