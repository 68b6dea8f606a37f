# Loaded once into every context. Runs the user's module and handler through a function call, so that
# cancellation and resource limits surface as clean polyglot exceptions (a limit that trips inside a
# top-level Context.eval does not, in GraalPy 25.0), and so that errors come back as Python formats them.

_BOOTSTRAP_FILE = '<execscript-bootstrap>'  # the Source name the engine gives this file


def _describe(exc):
    """(type name, message, traceback text) of an exception, without this file's frames."""
    try:
        import traceback
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == _BOOTSTRAP_FILE:
            tb = tb.tb_next
        text = ''.join(traceback.format_exception(type(exc), exc, tb))
    except BaseException as inner:  # a hostile __str__ or __repr__ must not hide the original error
        text = '(traceback unavailable: %s)' % type(inner).__name__
    try:
        message = str(exc)
    except BaseException:
        message = '(message unavailable)'
    return (type(exc).__name__, message, text)


def _execscript_limit_recursion(limit):
    """Python's recursion limit from the policy; a script may lower it but not raise it past the policy."""
    import sys
    sys.setrecursionlimit(limit)
    original = sys.setrecursionlimit

    def setrecursionlimit(n):
        if n > limit:
            raise RecursionError('the sandbox policy caps the recursion limit at %d (policy maxRecursionDepth)' % limit)
        original(n)
    sys.setrecursionlimit = setrecursionlimit


class _ScriptSource:
    """A module loader that only knows its script's source (for linecache)."""

    def __init__(self, source):
        self._source = source

    def get_source(self, name):
        return self._source


def _execscript_load(source, filename):
    """Runs a script's module-level code; returns ('ok', namespace) or ('error', where, description)."""
    # The loader lets tracebacks show the script's lines although it is not a file: traceback asks
    # linecache, which asks the module's loader. Importing linecache here instead would cost a fresh
    # context tens of milliseconds (it imports tokenize, which imports and compiles re).
    namespace = {'__name__': '__main__', '__file__': filename, '__builtins__': __builtins__,
                 '__loader__': _ScriptSource(source)}
    try:
        # compile() rather than a cached polyglot Source: module code must run inside this call (see the
        # top), and measured on GraalPy 25.0.3 a 12,000-line script loads in the same 3-4 ms from the second
        # context of an engine on, either way.
        code = compile(source, filename, 'exec')
        exec(code, namespace)
    except BaseException as exc:
        return ('error', 'load', _describe(exc))
    return ('ok', namespace)


def _execscript_neutral_identity():
    """The password database shows the sandbox's user, not the host's: GraalPy answers pwd from the JVM
    (the host user's name and home directory), and for any other uid with an internal error Python cannot
    catch. The engine sets HOME to the sandbox's home (SandboxIdentity.java)."""
    # posix, not os: os is not loaded at start-up and importing it costs a fresh context about a fifth of its
    # preparation; a script that wants os pays for it (posix.environ holds bytes, as os.environb).
    import posix
    import pwd
    home = posix.environ.get(b'HOME', b'/').decode('utf-8', 'surrogateescape')
    user = 'sandbox'
    entry = pwd.struct_passwd((user, 'x', posix.getuid(), posix.getgid(), '', home, '/bin/sh'))

    def getpwuid(uid):
        if uid != entry.pw_uid:
            raise KeyError('getpwuid(): uid not found: %s' % (uid,))
        return entry

    def getpwnam(name):
        if name != user:
            raise KeyError('getpwnam(): name not found: %r' % (name,))
        return entry

    def getpwall():
        return [entry]
    pwd.getpwuid = getpwuid
    pwd.getpwnam = getpwnam
    pwd.getpwall = getpwall


def _execscript_python_path(import_path, missing_hint):
    """The installed boto3's directories (newline-separated) after the standard library; without boto3, an
    import of it says how to install it."""
    import sys
    for entry in import_path.split('\n'):
        if entry and entry not in sys.path:
            sys.path.append(entry)
    if not missing_hint:
        return
    module_spec = type(sys.__spec__)

    class MissingBoto3:
        """Last on sys.meta_path: reached only when no directory holds the module."""
        names = ('boto3', 'botocore', 's3transfer')

        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name.partition('.')[0] not in cls.names:
                return None
            raise ModuleNotFoundError("No module named '%s': execscript found no boto3 installation; %s"
                                      % (name, missing_hint), name=name)
    sys.meta_path.append(MissingBoto3)


def _execscript_prepare(recursion_limit, warmup_imports, allow_threads, import_path='', missing_hint=''):
    """Readies a fresh context before its run: the policy's recursion cap, the sandbox's Python-level guards
    (sandbox_guards.py, loaded after this file), the import path, then its warm-up modules (comma-separated
    names; one that fails to import is skipped, the script will meet the error itself). With boto3 among them,
    the context also makes what every first client needs (see _execscript_aws.warm_up)."""
    _execscript_limit_recursion(recursion_limit)
    _install_sandbox_guards(allow_threads)
    _execscript_neutral_identity()
    _execscript_python_path(import_path, missing_hint)
    for name in warmup_imports.split(','):
        if name:
            import importlib
            try:
                importlib.import_module(name)
                if name == 'boto3':
                    importlib.import_module('_execscript_aws').warm_up()
            except BaseException:
                pass


def _execscript_use_attachment(root):
    """Makes the attachment's modules importable."""
    import sys
    sys.path.insert(0, root)


def _execscript_import(module_name):
    """Imports a module of the attachment; returns ('ok', namespace) or ('error', where, description)."""
    try:
        import importlib
        module = importlib.import_module(module_name)
    except BaseException as exc:
        return ('error', 'load', _describe(exc))
    return ('ok', module.__dict__)


class _JsonReading:
    """Settings for GraalPy's built-in JSON scanner, as json.loads would give it."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int

    @staticmethod
    def parse_constant(name):
        return float({'NaN': 'nan', 'Infinity': 'inf', '-Infinity': '-inf'}[name])


_json_scanner = None


def _execscript_read_json(text):
    """JSON text (compact, as the engine writes it) to Python values, through the built-in scanner: the
    json package is not imported for it, because importing it (it compiles regular expressions) costs a
    fresh context tens of milliseconds, more than all else a run does."""
    global _json_scanner
    if _json_scanner is None:
        import _json
        _json_scanner = _json.make_scanner(_JsonReading())
    # The text is one JSON value written by the engine (Jackson), so nothing follows it. The scanner's end
    # index is not checked against len(text): GraalPy 25.0.3 counts it in UTF-16 units, so it is off by
    # one per character outside the BMP (found by RunPathTest with an emoji).
    return _json_scanner(text, 0)[0]


def _execscript_decode(events_json, context_json):
    """The handler's (events, context) as Python values."""
    return (_execscript_read_json(events_json), _execscript_read_json(context_json))


def _execscript_call(namespace, handler_name, events, context):
    """Calls handler(events, context); returns ('ok', value) or ('error', where, description)."""
    fn = namespace.get(handler_name)
    if fn is None:
        defined = sorted(k for k, v in namespace.items() if callable(v) and not k.startswith('__'))
        return ('error', 'handler', ('HandlerNotFound',
                "the script defines no '%s'; functions defined: %s" % (handler_name, ', '.join(defined) or 'none'), ''))
    if not callable(fn):
        return ('error', 'handler', ('HandlerNotCallable',
                "'%s' is a %s, not a function taking (events, context)" % (handler_name, type(fn).__name__), ''))
    try:
        return ('ok', fn(events, context))
    except BaseException as exc:
        return ('error', 'handler', _describe(exc))
