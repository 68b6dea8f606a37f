# attack: start a process
# expect: Failed Action | PermissionError: [Errno 1] starting a process is not allowed: the sandbox runs no processes
import subprocess
def handler(events, context):
    return subprocess.run(["id"], capture_output=True).stdout.decode()
