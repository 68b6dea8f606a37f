# attack: memory bomb at module level
# expect: Failed ResourceLimit | policy maxAllocatedBytes
hoard = []
while True:
    hoard.append(bytearray(1_000_000))
def handler(events, context):
    return len(hoard)
