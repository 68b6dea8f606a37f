# attack: read the host's environment (the sandbox shows none of it; HOME is the sandbox's own)
# expect: Success | {"HOME":"/home/sandbox"}
import os
def handler(events, context):
    return {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "USER", "JAVA_HOME")}
