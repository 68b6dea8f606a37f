# attack: list a host directory
# expect: FAILED Action | PermissionError: [Errno 1] Operation not permitted: '/'
import os
def handler(events, context):
    return os.listdir("/")
