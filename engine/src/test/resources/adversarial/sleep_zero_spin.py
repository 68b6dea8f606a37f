# attack: sleep no time, many times (GraalPy spun to the next whole second on an int sleep length)
# expect: Success | 40
import time
def handler(events, context):
    for _ in range(40):
        time.sleep(0)
    time.sleep(False)
    return 40
