# attack: start a thread (threads are off by default)
# expect: FAILED Action | Creating threads is not allowed
import threading
def handler(events, context):
    t = threading.Thread(target=lambda: None)
    t.start()
    t.join()
    return "threaded"
