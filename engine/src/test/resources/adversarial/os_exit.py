# attack: os._exit ends the step at once (no except can stop it, as in CPython); the step says so plainly
# expect: Failed Action | the script called os._exit(7), which ends the step at once
import os
def handler(events, context):
    try:
        os._exit(7)
    except BaseException:
        return "caught"
