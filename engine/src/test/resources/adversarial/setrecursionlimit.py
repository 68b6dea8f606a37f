# attack: raise the recursion limit to recurse past the policy
# expect: Failed Action | RecursionError: the sandbox policy caps the recursion limit at 200 (policy maxRecursionDepth)
import sys
sys.setrecursionlimit(1_000_000)
def handler(events, context):
    return sys.getrecursionlimit()
