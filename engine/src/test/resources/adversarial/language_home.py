# attack: find the host user's home directory in the paths of the language home
# expect: Success | {"in_home":[]}
import json
import os
import sys


def handler(events, context):
    seen = sys.path + [sys.prefix, sys.exec_prefix, sys.executable, json.__file__, os.__file__, __graalpython__.home]
    return {'in_home': [p for p in seen if '/.cache/' in p or p.startswith('/root') or p.startswith('/home/')]}
