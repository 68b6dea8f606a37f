# pyexpat directly: every handler ElementTree, minidom and sax use, the attribute settings, the module's
# constants and errors.
import pyexpat
from xml.parsers import expat

DOC = b'''<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<!DOCTYPE r [
<!ELEMENT r (a|b)*>
<!ELEMENT a (#PCDATA|b)*>
<!ELEMENT b EMPTY>
<!ELEMENT c ANY>
<!ELEMENT d (a,(b|c)+,a?)>
<!ATTLIST a x CDATA "dflt" y (p|q) #REQUIRED z CDATA #FIXED "f" w NOTATION (n) #IMPLIED>
<!ENTITY e "ent&#x41;">
<!ENTITY % pe "x">
<!NOTATION n SYSTEM "n.exe">
<!ENTITY u SYSTEM "u.bin" NDATA n>
<!-- dtd comment -->
]>
<r xmlns="urn:d" xmlns:p="urn:p" p:at="1" at="2"><a y="p">t&e;<![CDATA[<c>]]><!--c--><?pi data?></a><p:b/></r>'''

HANDLERS = ['StartElementHandler', 'EndElementHandler', 'StartNamespaceDeclHandler', 'EndNamespaceDeclHandler',
            'CharacterDataHandler', 'CommentHandler', 'ProcessingInstructionHandler', 'XmlDeclHandler',
            'StartDoctypeDeclHandler', 'EndDoctypeDeclHandler', 'EntityDeclHandler', 'ElementDeclHandler',
            'AttlistDeclHandler', 'NotationDeclHandler', 'StartCdataSectionHandler', 'EndCdataSectionHandler']


def record(parser):
    calls = []
    for name in HANDLERS:
        setattr(parser, name, (lambda name: lambda *args: calls.append([name] + list(args)))(name))
    return calls


def handler(events, context):
    out = []
    for separator, prefixes, ordered, specified in ((None, False, False, False), (' ', True, True, False),
                                                     ('}', False, False, True)):
        p = pyexpat.ParserCreate(namespace_separator=separator)
        p.namespace_prefixes = prefixes
        p.ordered_attributes = ordered
        p.specified_attributes = specified
        p.buffer_text = True
        calls = record(p)
        p.Parse(DOC, True)
        out.append(calls)
    p = pyexpat.ParserCreate()
    calls = record(p)
    p.UnparsedEntityDeclHandler = lambda *args: calls.append(['Unparsed'] + list(args))
    p.EntityDeclHandler = None
    p.Parse(DOC, True)
    out.append([c for c in calls if c[0] == 'Unparsed'])
    try:
        p.Parse(b'<more/>', True)
    except expat.ExpatError as e:
        out.append([e.code, str(e), expat.ErrorString(e.code)])
    out.append([pyexpat.errors.XML_ERROR_TAG_MISMATCH, pyexpat.errors.codes['mismatched tag'],
                pyexpat.errors.messages[43], pyexpat.model.XML_CTYPE_SEQ, pyexpat.model.XML_CQUANT_PLUS,
                expat.error is expat.ExpatError, pyexpat.native_encoding,
                pyexpat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE])
    try:
        pyexpat.ParserCreate(namespace_separator='ab')
    except ValueError as e:
        out.append(str(e))
    p = pyexpat.ParserCreate()
    out.append([p.buffer_size, p.buffer_text, p.ordered_attributes, p.specified_attributes, p.intern,
                p.ErrorCode, p.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_ALWAYS)])
    p.StartElementHandler = lambda name, attrs: out.append([name, attrs])
    p.ParseFile(__import__('io').BytesIO(b'<top k="v"/>'))
    try:
        p.nonexistent = 1
    except AttributeError:
        out.append('no such attribute')
    return out
