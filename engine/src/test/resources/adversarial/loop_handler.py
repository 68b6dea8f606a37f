# attack: infinite loop in the handler
# expect: Failed ResourceLimit | statement limit 2,000,000 reached (policy maxStatements)
def handler(events, context):
    n = 0
    while True:
        n += 1
