# attack: an exception whose message is 10 MB (read from the guest in a slice; message and traceback cut with a marker)
# expect: Failed Action | [execscript: cut at 65,536 characters of
def handler(events, context):
    raise ValueError("m" * 10_000_000)
