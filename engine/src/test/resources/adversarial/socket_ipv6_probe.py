# attack: urllib3's IPv6 probe and the host name; both behave as on a machine without network
# expect: Success | {"has_ipv6":false,"hostname":"localhost"}
import socket
def handler(events, context):
    has_ipv6 = False
    try:
        sock = socket.socket(socket.AF_INET6)
        sock.bind(("::1", 0))
        has_ipv6 = True
    except OSError:
        pass
    return {"has_ipv6": has_ipv6, "hostname": socket.gethostname()}
