# attack: plant a module on sys.path that shadows a standard one (copyreg) for later contexts
# expect: Failed Action | PermissionError: [Errno 1] Operation not permitted
import os
import sys


def handler(events, context):
    for entry in sys.path:
        if os.path.isdir(entry):
            with open(os.path.join(entry, 'copyreg.py'), 'a') as f:
                f.write("\nraise SystemExit('owned')\n")
    return "planted"
