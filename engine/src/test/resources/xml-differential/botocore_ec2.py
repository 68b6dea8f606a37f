# What botocore does with an EC2 (query protocol) response: XMLParser(target=TreeBuilder(), encoding='utf-8')
# fed the body's bytes, then the tree walked into a dict by tag name, namespace stripped.
import xml.etree.ElementTree as ET

BODY = '''<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
    <reservationSet>
        <item>
            <reservationId>r-1234567890abcdef0</reservationId>
            <ownerId>123456789012</ownerId>
            <groupSet/>
            <instancesSet>
                <item>
                    <instanceId>i-1234567890abcdef0</instanceId>
                    <imageId>ami-bff32ccc</imageId>
                    <instanceState><code>16</code><name>running</name></instanceState>
                    <privateDnsName>ip-192-168-1-88.eu-west-1.compute.internal</privateDnsName>
                    <instanceType>t2.micro</instanceType>
                    <launchTime>2018-05-08T16:46:19.000Z</launchTime>
                    <tagSet>
                        <item><key>Name</key><value>caf\u00e9 &amp; bar &lt;prod&gt;</value></item>
                        <item><key>Owner</key><value>ops</value></item>
                    </tagSet>
                </item>
            </instancesSet>
        </item>
    </reservationSet>
</DescribeInstancesResponse>'''.encode('utf-8')


def strip(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag


def to_dict(node):
    children = list(node)
    if not children:
        return node.text
    if all(strip(c.tag) == 'item' for c in children):
        return [to_dict(c) for c in children]
    return {strip(c.tag): to_dict(c) for c in children}


def handler(events, context):
    parser = ET.XMLParser(target=ET.TreeBuilder(), encoding='utf-8')
    parser.feed(BODY)
    root = parser.close()
    result = {strip(root.tag): to_dict(root)}
    # The error path botocore takes for a body that is not XML.
    parser = ET.XMLParser(target=ET.TreeBuilder(), encoding='utf-8')
    try:
        parser.feed(b'<html><body>Service Unavailable</body>')
        parser.close()
        error = None
    except ET.ParseError as e:
        error = [e.code, list(e.position)]
    return [result, error]
