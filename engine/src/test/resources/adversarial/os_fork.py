# attack: fork
# expect: Failed Action | AttributeError: module 'os' has no attribute 'fork'
import os
def handler(events, context):
    return os.fork()
