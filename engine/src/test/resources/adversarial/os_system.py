# attack: os.system
# expect: Failed Action | PermissionError: [Errno 1] os.system() is not allowed: the sandbox runs no processes
import os
def handler(events, context):
    return os.system("touch /tmp/execscript-adversarial-system")
