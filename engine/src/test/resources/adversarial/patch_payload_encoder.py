# attack: replace what a guest-side payload encoder might call (_json's encoder factory and string encoder,
# json.dumps, the builtins len and type) so that the output payload would be invalid JSON or over the limit
# (the engine's encoder runs GraalPy's JSON encoder in the guest for small plain values)
# expect: Success | {"ok":"host encoder","n":[1,2]}
import _json
import builtins
import json
import __main__

_json.make_encoder = lambda *a: (lambda o, i: ('not json',))
_json.encode_basestring = lambda s: 'not json'
json.dumps = lambda *a, **k: 'not json'
__main__._execscript_payload_make = lambda: (lambda v, m, n: 'x' * 10**6)


def handler(events, context):
    builtins.len = lambda o: 0
    return {'ok': 'host encoder', 'n': [1, 2]}
