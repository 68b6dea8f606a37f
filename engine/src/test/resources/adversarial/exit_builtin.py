# attack: exit() as an interactive session has it (defined by site, which the context never runs)
# expect: Failed Action | the handler 'handler' raised SystemExit: leaving early
def handler(events, context):
    exit("leaving early")
