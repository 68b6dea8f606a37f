# attack: a "billion laughs" XML document (entities expanding tenfold, nine levels: 3 GB of text)
# expect: Failed Action | ParseError: limit on input amplification factor (from DTD and entities) breached (the sandbox allows at most 10000 entity expansions in one document): line 1, column 747
import xml.etree.ElementTree as ET

DOC = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
for level in range(1, 10):
    DOC += '<!ENTITY lol%d "%s">' % (level, ('&lol%s;' % (level - 1 if level > 1 else '')) * 10)
DOC += ']><lolz>&lol9;</lolz>'


def handler(events, context):
    return len(ET.fromstring(DOC).text)
