# External entities are not read: a document referring to /etc/passwd gets no byte of it, through any
# front end.
import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import minidom

DOC = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">'
       '<!ENTITY y SYSTEM "http://127.0.0.1:9/never">]><r>&x;&y;</r>')
PARAMETER = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r>ok</r>'
EXTERNAL_DTD = '<?xml version="1.0"?><!DOCTYPE r SYSTEM "file:///etc/passwd"><r>ok</r>'


class Text(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.text = ''

    def characters(self, content):
        self.text += content


def attempt(parse):
    try:
        return ['parsed', parse()]
    except Exception as e:
        return [type(e).__name__, str(e)]


def sax_text(doc):
    h = Text()
    xml.sax.parseString(doc.encode(), h)
    return h.text


def handler(events, context):
    out = []
    for doc in (DOC, PARAMETER, EXTERNAL_DTD):
        out.append(attempt(lambda: ET.tostring(ET.fromstring(doc), encoding='unicode')))
        out.append(attempt(lambda: minidom.parseString(doc).documentElement.toxml()))
        out.append(attempt(lambda: sax_text(doc)))
    leaked = any('root:' in str(o) for o in out)
    return [out, leaked]
