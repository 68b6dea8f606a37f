# attack: patch builtins and stdlib modules hoping to leak into a later step (checked by IsolationTest)
# expect: Success | 42
import builtins, json
builtins.len = lambda x: 42
json.dumps = lambda *a, **k: "patched"
def handler(events, context):
    return len([1, 2, 3])
