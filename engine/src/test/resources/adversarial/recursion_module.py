# attack: unbounded recursion at module level
# expect: Failed ResourceLimit | policy maxAllocatedBytes
# or: Failed Action | RecursionError: maximum recursion depth exceeded
def f(n):
    return f(n + 1)
f(0)
def handler(events, context):
    return 1
