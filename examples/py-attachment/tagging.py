import re

ARN = re.compile(r"^arn:(?P<partition>[^:]+):(?P<service>[^:]+):(?P<region>[^:]*):(?P<account>\d{12}|):(?P<resource>.+)$")


def parse_arns(events, context):
    parsed = []
    for arn in events["arns"]:
        m = ARN.match(arn)
        parsed.append(m.groupdict() if m else {"invalid": arn})
    return parsed
