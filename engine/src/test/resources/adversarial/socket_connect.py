# attack: open a network connection
# expect: FAILED Action | socket was excluded
import socket
def handler(events, context):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("127.0.0.1", 22))
    return "connected"
