# attack: replace what the host might call to read the error text, then fail with a short message (an
# earlier version kept its slicing function in the context's globals, where a script could swap it)
# expect: Failed Action | ValueError: short and true
import __main__
import builtins
__main__._execscript_text_head = lambda s, n: (0, 'x' * 10**8)
builtins.__import__ = lambda *a, **k: None


class FakeStr(str):
    def __len__(self):
        return 0


def handler(events, context):
    raise ValueError('short and true')
