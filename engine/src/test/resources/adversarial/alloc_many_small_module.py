# attack: memory bomb at module level
# expect: FAILED ResourceLimit | policy maxAllocatedBytes
hoard = []
while True:
    hoard.append(bytearray(1_000_000))
def handler(events, context):
    return len(hoard)
