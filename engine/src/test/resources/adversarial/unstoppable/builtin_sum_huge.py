# attack: one builtin call that loops inside Java for hours and never sees cancellation (in-process its
# thread is abandoned and burns a core; in process mode its worker is killed)
# expect: TimedOut Timeout | the step timed out after 3.0 s (timeoutSeconds)
# worker: killed
def handler(events, context):
    return sum(range(10**13))
