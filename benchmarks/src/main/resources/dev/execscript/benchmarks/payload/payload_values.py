# Builds the return values the payload benchmark encodes. Each builder makes a value whose compact
# JSON (separators (',', ':'), ensure_ascii=False) is just under `target` bytes of UTF-8; pad() then
# tops it up to exactly `target` where the shape allows, so 99 KB and 100 KB sit on either side of
# the 102,400-byte limit. Objects are distinct (no shared sub-values), as a real handler's would be.
import json


def compact_size(value):
    return len(json.dumps(value, ensure_ascii=False, separators=(',', ':')).encode('utf-8'))


def compact_dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(',', ':'))


def _text(seed, length):
    # Varied ASCII with a quote and a newline now and then, so escaping is exercised too.
    unit = 'lorem-ipsum-%08d-dolor "sit" amet\nconsectetur ' % seed
    return (unit * (length // len(unit) + 1))[:length]


def flat_dict(n, target):
    return {'key%08d' % i: _text(i, 84) for i in range(n)}


def deep_nesting(n, target):
    # Chains 32 dicts deep under a flat top level: depth without recursion limits, size by chain count.
    depth = 32
    top = {}
    for c in range(n):
        node = _text(c, 220)
        for level in range(depth):
            node = {'level%02d' % level: node}
        top['chain%08d' % c] = node
    return top


def long_list(n, target):
    return [{'id': i, 'name': 'item-%08d' % i, 'ok': i % 2 == 0, 'ratio': i / 7.0, 'tags': ['a%d' % (i % 10), 'b']}
            for i in range(n)]


def long_strings(n, target):
    chunk = min(target // 2, 1 << 20)
    return {'s%05d' % i: _text(i, chunk - 16) for i in range(n)}


_UNICODE = 'Grüße, 世界! Ελληνικά кириллица 🚀🎉 ☃ naïve façade ' 


def unicode_heavy(n, target):
    # About half of the bytes are multi-byte UTF-8 (2, 3 and 4 bytes per character).
    return {'ключ-%07d-键' % i: (_UNICODE + str(i)) for i in range(n)}


def pad(value, target):
    deficit = target - compact_size(value)
    if isinstance(value, dict) and deficit > len(',"~pad":""'):
        value['~pad'] = 'p' * (deficit - len(',"~pad":""'))
    elif isinstance(value, list) and deficit > len(',""'):
        value.append('p' * (deficit - len(',""')))
    return value


def build(shape, target):
    """A value of the shape whose compact JSON is `target` bytes (a little less when no padding fits)."""
    make = globals()[shape]
    sample = 8
    per_item = compact_size(make(sample, target)) / sample
    count = max(1, int((target - 32) / per_item * 0.99))
    return pad(make(count, target), target)
