# attack: read a host file
# expect: Failed Action | PermissionError: [Errno 1] Operation not permitted: '/etc/passwd'
def handler(events, context):
    with open("/etc/passwd") as f:
        return f.read()
