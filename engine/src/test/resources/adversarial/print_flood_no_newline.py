# attack: 20 MB without a newline (one endless line: cut into bounded lines, then capped with a marker; the step succeeds)
# expect: Success | [execscript: output cut at 4096 bytes (policy maxOutputBytes)
import sys


def handler(events, context):
    chunk = "y" * 1_000_000
    for _ in range(20):
        sys.stdout.write(chunk)
    return "survived"
