# attack: write a module into GraalPy's standard library, for a later step or process to import
# expect: Failed Action | PermissionError: [Errno 1] Operation not permitted
import json
import os


def handler(events, context):
    with open(os.path.join(os.path.dirname(json.__file__), 'evil.py'), 'w') as f:
        f.write("raise SystemExit('owned')\n")
    return "written"
