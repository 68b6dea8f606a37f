# attack: install a signal handler and an alarm (emulated inside the context: no signal reaches the host JVM)
# expect: Success | "armed"
import signal
def handler(events, context):
    signal.signal(signal.SIGALRM, lambda *a: None)
    signal.alarm(1)
    return "armed"
