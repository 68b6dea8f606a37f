# Lone surrogates in keys and values: each is written as the escape json.dumps writes, so the two keys stay
# two keys (they must never both become "?").
# expect: Success | {"\ud800":1,"\udc00":2,"v":"a\udfffb","w":"x\ud83d"}
def handler(events, context):
    return {'\ud800': 1, '\udc00': 2, 'v': 'a\udfffb', 'w': 'x\ud83d'}
