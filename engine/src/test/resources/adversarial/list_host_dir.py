# attack: list a host directory
# expect: Failed Action | PermissionError: [Errno 1] Operation not permitted: '/'
import os
def handler(events, context):
    return os.listdir("/")
