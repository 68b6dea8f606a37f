# attack: start a thread (threads are off by default)
# expect: Failed Action | RuntimeError: can't start new thread: the sandbox policy does not allow threads (policy allowThreads)
import threading
def handler(events, context):
    t = threading.Thread(target=lambda: None)
    t.start()
    t.join()
    return "threaded"
