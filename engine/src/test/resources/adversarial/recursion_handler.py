# attack: unbounded recursion in the handler
# expect: Failed ResourceLimit | policy maxAllocatedBytes
# or: Failed Action | RecursionError: maximum recursion depth exceeded
def f(n):
    return f(n + 1)
def handler(events, context):
    return f(0)
