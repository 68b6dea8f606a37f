# attack: make a standard module world-writable, so that anyone on the host can change it later
# expect: Failed Action | PermissionError: [Errno 1] Operation not permitted
import os


def handler(events, context):
    os.chmod(os.__file__, 0o777)
    return "chmodded"
