# xml.sax with a ContentHandler, with and without namespace processing, and its error reporting.
import io
import xml.sax
from xml.sax.handler import ContentHandler, ErrorHandler, feature_namespaces


class Recorder(ContentHandler):
    def __init__(self):
        super().__init__()
        self.calls = []

    def startElement(self, name, attrs):
        self.calls.append(['start', name, sorted(attrs.items())])

    def endElement(self, name):
        self.calls.append(['end', name])

    def startElementNS(self, name, qname, attrs):
        self.calls.append(['startNS', list(name), qname, sorted([list(k), v] for k, v in attrs.items())])

    def endElementNS(self, name, qname):
        self.calls.append(['endNS', list(name), qname])

    def startPrefixMapping(self, prefix, uri):
        self.calls.append(['prefix', prefix, uri])

    def endPrefixMapping(self, prefix):
        self.calls.append(['endprefix', prefix])

    def characters(self, content):
        if self.calls and self.calls[-1][0] == 'chars':
            self.calls[-1][1] += content
        else:
            self.calls.append(['chars', content])

    def processingInstruction(self, target, data):
        self.calls.append(['pi', target, data])


DOC = b'<?xml version="1.0"?><r xmlns:p="urn:p" a="1"><p:i p:k="v">x &amp; y</p:i><?go now?><j/></r>'


def handler(events, context):
    out = []
    h = Recorder()
    xml.sax.parseString(DOC, h)
    out.append(h.calls)
    h = Recorder()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(h)
    parser.parse(io.BytesIO(DOC))
    out.append(h.calls)
    h = Recorder()
    parser = xml.sax.make_parser()
    parser.setContentHandler(h)
    parser.feed('<r><a>1</a>')
    parser.feed('<b>2</b></r>')
    parser.close()
    out.append(h.calls)
    try:
        xml.sax.parseString(b'<r>\n<a></b></r>', ContentHandler())
    except xml.sax.SAXParseException as e:
        out.append([str(e), e.getLineNumber(), e.getColumnNumber(), e.getMessage()])
    return out
