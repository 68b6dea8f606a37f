# A "billion laughs" document (entities expanding tenfold, nine levels deep) is refused by every parser
# front end with a parse error, not expanded.
import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import minidom
from xml.parsers import expat

DOC = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
for level in range(1, 10):
    DOC += ' <!ENTITY lol%d "%s">\n' % (level, ('&lol%s;' % (level - 1 if level > 1 else '')) * 10)
DOC += ']>\n<lolz>&lol9;</lolz>'


def attempt(parse):
    try:
        result = parse()
        return ['parsed', len(str(result))]
    except Exception as e:
        return [type(e).__name__, getattr(e, 'code', None)]


def handler(events, context):
    return [attempt(lambda: ET.fromstring(DOC)),
            attempt(lambda: minidom.parseString(DOC)),
            attempt(lambda: xml.sax.parseString(DOC.encode(), xml.sax.ContentHandler())),
            attempt(lambda: expat.ParserCreate().Parse(DOC, True))]
