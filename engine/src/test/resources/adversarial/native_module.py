# attack: load a native shared library as an extension module
# expect: Failed Action
import importlib.machinery
import importlib.util
def handler(events, context):
    loader = importlib.machinery.ExtensionFileLoader("libc", "/lib/x86_64-linux-gnu/libc.so.6")
    spec = importlib.util.spec_from_loader("libc", loader)
    module = importlib.util.module_from_spec(spec)
    return "loaded"
