# exit() and quit(), which site gives a CPython session: SystemExit with the code or message given.
def handler(events, context):
    out = []
    for call in (lambda: exit(), lambda: exit('stopping: no instances'), lambda: exit(3), lambda: quit('bye'),
                 lambda: quit(None)):
        try:
            call()
        except SystemExit as e:
            out.append([type(e).__name__, e.code])
    out.append([repr(exit), repr(quit), str(exit)])
    return out
