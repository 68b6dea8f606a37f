# attack: wait on a descriptor with select (caught as OSError, as on a host that refuses it)
# expect: Success | ["PermissionError","select is not allowed: the sandbox policy allows no network (policy allowNetwork)",[[],[],[]]]
import select
def handler(events, context):
    try:
        select.select([0], [], [], 0)
    except OSError as e:
        return [type(e).__name__, e.strerror, select.select([], [], [], 0)]
