# attack: XML external entities (XXE): a general entity, a parameter entity and an external DTD naming /etc/passwd
# (xml.sax is left to StdlibDifferentialTest: its first use imports urllib.request, beyond this corpus's memory budget)
# expect: Success | ["<r>before--after</r>","ok","undefined entity &x;: line 1, column 64","<?xml version=\"1.0\" ?><!DOCTYPE r  SYSTEM 'file:///etc/passwd'><r>dtd</r>"]
import xml.etree.ElementTree as ET
from xml.dom import minidom

GENERAL = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>before-&x;-after</r>'
PARAMETER = '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r>ok</r>'
EXTERNAL_DTD = '<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>dtd</r>'


def handler(events, context):
    dom = minidom.parseString(GENERAL).documentElement.toxml()
    parameter = ET.fromstring(PARAMETER).text
    try:
        ET.fromstring(GENERAL)
        tree = 'parsed'
    except ET.ParseError as e:
        tree = str(e)
    return [dom, parameter, tree, minidom.parseString(EXTERNAL_DTD).toxml()]
