# attack: start a process
# expect: FAILED Action | PermissionError: [Errno 1] Operation not permitted
import subprocess
def handler(events, context):
    return subprocess.run(["id"], capture_output=True).stdout.decode()
