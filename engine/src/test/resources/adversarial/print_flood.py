# attack: flood stdout (output is cut with a marker; the step goes on and succeeds)
# expect: Success | [execscript: output cut at 4096 bytes (policy maxOutputBytes)
def handler(events, context):
    for i in range(20_000):
        print("flood line", i)
    return "survived"
