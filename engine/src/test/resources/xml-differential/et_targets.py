# ElementTree with other targets: comments and processing instructions kept, a target recording every
# call (namespace scopes, doctype), XMLParser fed in pieces.
import xml.etree.ElementTree as ET


class Recorder:
    def __init__(self):
        self.calls = []

    def start(self, tag, attrib):
        self.calls.append(['start', tag, list(attrib.items())])

    def end(self, tag):
        self.calls.append(['end', tag])

    def data(self, text):
        if self.calls and self.calls[-1][0] == 'data':
            self.calls[-1][1] += text
        else:
            self.calls.append(['data', text])

    def comment(self, text):
        self.calls.append(['comment', text])

    def pi(self, target, data):
        self.calls.append(['pi', target, data])

    def start_ns(self, prefix, uri):
        self.calls.append(['start_ns', prefix, uri])

    def end_ns(self, prefix):
        self.calls.append(['end_ns', prefix])

    def doctype(self, name, pubid, system):
        self.calls.append(['doctype', name, pubid, system])

    def close(self):
        return self.calls


DOC = ('<!DOCTYPE root PUBLIC "-//Example//DTD Root//EN" "http://example.com/root.dtd">'
       '<root xmlns="urn:a" xmlns:b="urn:b"><!-- a comment --><?target some data?>'
       '<b:child b:x="1">text</b:child><plain/></root>')


def handler(events, context):
    out = []
    builder = ET.TreeBuilder(insert_comments=True, insert_pis=True)
    parser = ET.XMLParser(target=builder)
    parser.feed('<r><!-- c1 --><?p1 d1?>te')
    parser.feed('xt<s/><!--c2--></r>')
    root = parser.close()
    out.append([[e.tag if isinstance(e.tag, str) else e.tag.__name__, e.text, e.tail] for e in root.iter()])
    out.append(ET.tostring(root, encoding='unicode'))
    parser = ET.XMLParser(target=Recorder())
    parser.feed(DOC)
    out.append(parser.close())
    parser = ET.XMLParser(target=Recorder())
    parser.feed('<!DOCTYPE r SYSTEM "r.dtd"><r/>')
    out.append(parser.close())
    out.append(ET.XMLParser().version.startswith('Expat '))
    return out
