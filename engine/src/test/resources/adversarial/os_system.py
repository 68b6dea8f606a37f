# attack: os.system
# expect: FAILED Action | Process creation is not allowed
import os
def handler(events, context):
    return os.system("touch /tmp/execscript-adversarial-system")
