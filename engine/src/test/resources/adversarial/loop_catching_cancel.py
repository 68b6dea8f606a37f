# attack: catch every exception (including the cancellation) and carry on
# expect: Failed ResourceLimit | statement limit 2,000,000 reached (policy maxStatements)
def handler(events, context):
    while True:
        try:
            n = 0
            while True:
                n += 1
        except BaseException:
            pass
