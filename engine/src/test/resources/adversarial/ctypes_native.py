# attack: native code through ctypes
# expect: FAILED Action | ImportError: cannot import name '_memmove_addr' from '_ctypes'
import ctypes
def handler(events, context):
    return ctypes.CDLL(None).getpid()
