# attack: call every public callable of GraalPy's own modules (reached by import, builtins and sys.modules)
# with bad arguments; each call must fail as a Python exception or succeed, never end the step
# expect: Success | "all calls returned or raised Python exceptions"
import builtins
import sys
import re
import time
import datetime
import __graalpython__
import polyglot
import java
ARGS = [(), (None,), (1,), ("x",), (b"x",), (object(),), (lambda: 0,), ("x", "y"), (None, None, None), (-1, -1), (int,), (int, int)]
def handler(events, context):
    assert builtins.__graalpython__ is sys.modules["__graalpython__"] is __graalpython__
    for module in (__graalpython__, polyglot, java):
        for name in dir(module):
            f = getattr(module, name)
            if not callable(f) or isinstance(f, type) or name in ("__loader__", "__getattr__"):
                continue
            for args in ARGS:
                try:
                    f(*args)
                except BaseException:
                    pass
    return "all calls returned or raised Python exceptions"
