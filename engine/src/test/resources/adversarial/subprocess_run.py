# attack: start a process (no host executable is visible to the sandbox, and none could be started)
# expect: FAILED Action | FileNotFoundError: [Errno 2] No such file or directory
import subprocess
def handler(events, context):
    return subprocess.run(["id"], capture_output=True).stdout.decode()
