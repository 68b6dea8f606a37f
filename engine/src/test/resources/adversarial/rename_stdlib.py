# attack: move a standard module away (a later import of it would fail, or find a planted one)
# expect: Failed Action | PermissionError: [Errno 1] Operation not permitted
import base64
import os


def handler(events, context):
    os.rename(base64.__file__, base64.__file__ + '.bak')
    return "renamed"
