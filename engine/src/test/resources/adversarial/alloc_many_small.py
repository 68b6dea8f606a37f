# attack: memory bomb from many small allocations
# expect: Failed ResourceLimit | policy maxAllocatedBytes
def handler(events, context):
    hoard = []
    while True:
        hoard.append(bytearray(10_000))
