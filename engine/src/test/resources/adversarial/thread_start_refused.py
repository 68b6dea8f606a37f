# attack: start a thread with _thread and threading when the policy does not allow threads
# expect: Success | ["RuntimeError","RuntimeError","can't start new thread: the sandbox policy does not allow threads (policy allowThreads)"]
import _thread
import threading
def handler(events, context):
    caught = []
    try:
        _thread.start_new_thread(print, ("low level",))
    except RuntimeError as e:
        caught.append(type(e).__name__)
    try:
        threading.Thread(target=print).start()
    except RuntimeError as e:
        caught += [type(e).__name__, str(e)]
    return caught
