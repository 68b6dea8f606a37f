# attack: native code through ctypes
# expect: FAILED Action | ImportError: ctypes calls native code (C libraries), and the sandbox runs no native code
import ctypes
def handler(events, context):
    return ctypes.CDLL(None).getpid()
