# attack: import a module removed in Python 3.12; the error says so and what to use instead
# expect: Failed Action | ModuleNotFoundError: No module named 'imp': imp was removed in Python 3.12; use importlib
import imp
def handler(events, context):
    return imp.get_magic()
