# What expat accepts and the JDK's default limits did not: 5,000 levels of nesting and a 5,000-character name.
import xml.etree.ElementTree as ET


def handler(events, context):
    deep = ET.fromstring('<a>' * 5000 + 'x' + '</a>' * 5000)
    depth = 0
    node = deep
    while len(node):
        node = node[0]
        depth += 1
    name = 'n' * 5000
    long_name = ET.fromstring('<%s k="v"/>' % name)
    return [depth, node.text, len(long_name.tag), long_name.attrib]
