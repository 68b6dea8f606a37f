# attack: flood file descriptor 2 directly and through sys.__stderr__ (captured and capped like print)
# expect: Success | [execscript: output cut at 4096 bytes (policy maxOutputBytes)
import os
import sys


def handler(events, context):
    for i in range(2000):
        os.write(2, b"fd2 line %d\n" % i)
        sys.__stderr__.write("dunder line %d\n" % i)
    return "survived"
