# attack: resolve a name (uncaught: the step fails with the Python exception, no Java internals)
# expect: Failed Action | gaierror: [Errno -4] name resolution (getaddrinfo) is not allowed: the sandbox policy allows no network
import socket
def handler(events, context):
    return socket.getaddrinfo("169.254.169.254", 80)
