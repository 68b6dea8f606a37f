# attack: learn the host user's name and home directory
# expect: Success | {"expanduser":"/home/sandbox","pw_dir":"/home/sandbox","pw_name":"sandbox","HOME":"/home/sandbox"}
import os
import pwd


def handler(events, context):
    entry = pwd.getpwuid(os.getuid())
    return {'expanduser': os.path.expanduser('~'), 'pw_dir': entry.pw_dir, 'pw_name': entry.pw_name,
            'HOME': os.environ.get('HOME')}
