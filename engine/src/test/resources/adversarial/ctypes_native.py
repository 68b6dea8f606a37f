# attack: native code through ctypes
# expect: Failed Action | ImportError: ctypes calls native code (C libraries), and the sandbox runs no native code
import ctypes
def handler(events, context):
    return ctypes.CDLL(None).getpid()
