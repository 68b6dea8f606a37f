# attack: a refused native module load must not poison later imports (GraalPy flags native code as loaded
# for the whole JVM before it checks native access; later loads then blame "a second GraalPy context")
# expect: Success | ["ImportError","ImportError","ImportError","ImportError"]
import importlib.machinery
import importlib.util
def handler(events, context):
    caught = []
    for attempt in (lambda: importlib.util.module_from_spec(importlib.util.spec_from_loader(
                        "libc", importlib.machinery.ExtensionFileLoader("libc", "/lib/x86_64-linux-gnu/libc.so.6"))),
                    lambda: __import__("_testcapi"), lambda: __import__("_sqlite3"), lambda: __import__("termios")):
        try:
            attempt()
        except Exception as e:
            assert "second GraalPy context" not in str(e) and "native code" in str(e), str(e)
            caught.append(type(e).__name__)
    return caught
