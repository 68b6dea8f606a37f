# attack: write a host file
# expect: Failed Action | PermissionError: [Errno 1] Operation not permitted: '/tmp/execscript-adversarial-write.txt'
def handler(events, context):
    with open("/tmp/execscript-adversarial-write.txt", "w") as f:
        f.write("owned")
    return "written"
