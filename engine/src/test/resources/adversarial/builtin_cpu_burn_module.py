# attack: burn CPU at module level inside one builtin call (see builtin_cpu_burn.py)
# expect: Failed ResourceLimit | policy maxAllocatedBytes
total = sum(range(3 * 10**8))
def handler(events, context):
    return total
