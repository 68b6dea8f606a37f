# attack: infinite loop at module level
# expect: Failed ResourceLimit | statement limit 2,000,000 reached (policy maxStatements)
n = 0
while True:
    n += 1
def handler(events, context):
    return n
