# attack: burn CPU inside one builtin call, where no statements run (the limit trips; GraalPy cannot
# cancel the builtin, so its thread is abandoned until the call returns - see README, Security)
# expect: Failed ResourceLimit | policy maxAllocatedBytes
def handler(events, context):
    return sum(range(3 * 10**8))
