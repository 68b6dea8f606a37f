# attack: ask for the working directory (once an uncatchable java.lang.SecurityException ended the step)
# expect: Success | {"cwd":"/","abspath":"/x","chdir":"FileNotFoundError"}
import os


def handler(events, context):
    try:
        os.chdir('/tmp')
        moved = 'moved'
    except OSError as e:
        moved = type(e).__name__
    return {'cwd': os.getcwd(), 'abspath': os.path.abspath('x'), 'chdir': moved}
