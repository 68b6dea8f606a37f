# attack: open a network connection
# expect: Failed Action | PermissionError: [Errno 1] creating a socket is not allowed: the sandbox policy allows no network (policy allowNetwork)
import socket
def handler(events, context):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("127.0.0.1", 22))
    return "connected"
