# attack: one huge allocation (1.5 GB at once)
# expect: Failed ResourceLimit | policy maxAllocatedBytes
# expect PROCESS: Failed ResourceLimit | memory limit 512 MiB reached (policy maxMemory)
def handler(events, context):
    return len(bytearray(1_500_000_000))
