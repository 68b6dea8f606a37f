
# ---- sandbox_guards.py: loaded into every context right after bootstrap.py, in the same Source. ----
# Under SandboxPolicy.CONSTRAINED, GraalPy 25.0 refuses some operations (sockets, name resolution, select,
# threads, native modules, some of its own internals) with Java exceptions that no `except` catches: the whole
# step dies. Each guard below raises the Python exception CPython would raise on a machine without that
# feature, before GraalPy is reached. This part only defines things; _install_sandbox_guards runs once per
# context and must stay cheap (no imports beyond modules already loaded at start-up).

_NO_NETWORK = 'the sandbox policy allows no network (policy allowNetwork)'
_NO_THREADS = 'the sandbox policy does not allow threads (policy allowThreads)'
_NO_NATIVE = 'the sandbox runs no native code'


def _native(what):
    return ('ImportError', '%s is native code in GraalPy, and %s' % (what, _NO_NATIVE))


def _removed(name, instead):
    return ('ModuleNotFoundError', "No module named '%s': %s was removed in Python 3.12; %s" % (name, name, instead))


def _absent(name, why):
    return ('ModuleNotFoundError', "No module named '%s': %s" % (name, why))


def _accelerator(name, fallback):
    return _absent(name, "GraalPy has no C accelerator %s; '%s' works without it" % (name, fallback))


def _windows(name):
    return _absent(name, '%s is a Windows-only module' % name)


# Modules refused by name before any other finder looks for them: name -> (exception type, message). Native
# extension modules must never reach GraalPy's loader: its first refusal marks native code as loaded for the
# whole JVM (CApiContext.nativeCAPILoaded, set before the native-access check), so that every later native
# load, in any context, fails with a SystemError wrongly blaming "a second GraalPy context".
_REFUSED_MODULES = {
    # Native extension modules of GraalPy 25.0.3's standard library (lib/graalpy25.0/modules/*.so).
    # (pyexpat is native too: the engine serves its own, see EngineModules.java.)
    '_sqlite3': _native('_sqlite3 (sqlite3)'),
    'termios': _native('termios (terminal control; the sandbox has no terminal either)'),
    # unicodedata's native half: what scripts use of it is installed from _execscript_unicodedata instead.
    '_cpython_unicodedata': _native("this part of unicodedata"),
    '_cpython_sre': _native('the fallback engine needed by this regular expression (_cpython_sre)'),
    '_ctypes': ('ImportError', 'ctypes calls native code (C libraries), and %s' % _NO_NATIVE),
    '_ctypes_test': _native('_ctypes_test (a CPython test module)'),
    '_testcapi': _native('_testcapi (a CPython test module)'),
    '_testbuffer': _native('_testbuffer (a CPython test module)'),
    '_testmultiphase': _native('_testmultiphase (a CPython test module)'),
    '_testsinglephase': _native('_testsinglephase (a CPython test module)'),
    'crypt': ('ImportError', "crypt needs the host's crypt(3), which the sandbox does not provide (crypt is "
                             "deprecated and removed in Python 3.13; use hashlib.scrypt or hashlib.pbkdf2_hmac)"),
    '_crypt': ('ImportError', "_crypt needs the host's crypt(3), which the sandbox does not provide"),
    # Removed from the standard library in Python 3.12 (PEP 594, PEP 632).
    'imp': _removed('imp', 'use importlib (importlib.import_module, importlib.util, importlib.reload)'),
    'distutils': _removed('distutils', 'use setuptools, or sysconfig and shutil for what you used from it'),
    'asyncore': _removed('asyncore', 'use asyncio'),
    'asynchat': _removed('asynchat', 'use asyncio'),
    'smtpd': _removed('smtpd', 'use the aiosmtpd package (not available here)'),
    # Not provided by GraalPy 25.0.3 (plain "No module named" would not say why).
    '_bz2': _absent('_bz2', "GraalPy's bz2 support is native code, and %s (zlib, gzip and lzma work)" % _NO_NATIVE),
    '_curses': _absent('_curses', 'GraalPy has no curses support (and the sandbox has no terminal)'),
    '_curses_panel': _absent('_curses_panel', 'GraalPy has no curses support (and the sandbox has no terminal)'),
    '_tkinter': _absent('_tkinter', 'GraalPy has no Tk support (and the sandbox has no display)'),
    '_dbm': _absent('_dbm', "GraalPy has no ndbm support; dbm uses 'dbm.dumb'"),
    '_gdbm': _absent('_gdbm', "GraalPy has no gdbm support; dbm uses 'dbm.dumb'"),
    'grp': _absent('grp', 'GraalPy has no grp module'),
    'syslog': _absent('syslog', 'GraalPy has no syslog module; use logging'),
    'audioop': _absent('audioop', 'GraalPy has no audioop module (deprecated, removed in Python 3.13)'),
    'nis': _absent('nis', 'GraalPy has no nis module (deprecated, removed in Python 3.13)'),
    'spwd': _absent('spwd', 'GraalPy has no spwd module (deprecated, removed in Python 3.13)'),
    'ossaudiodev': _absent('ossaudiodev', 'GraalPy has no ossaudiodev module (deprecated, removed in Python 3.13)'),
    '_symtable': _absent('_symtable', 'GraalPy has no symtable support'),
    'pyclbr': _absent('pyclbr', 'GraalPy does not ship pyclbr'),
    '_bootsubprocess': _absent('_bootsubprocess', 'it is used only to build CPython'),
    '_scproxy': _absent('_scproxy', '_scproxy is a macOS-only module'),
    '_bisect': _accelerator('_bisect', 'bisect'),
    '_heapq': _accelerator('_heapq', 'heapq'),
    '_datetime': _accelerator('_datetime', 'datetime'),
    '_decimal': _accelerator('_decimal', 'decimal'),
    '_elementtree': _accelerator('_elementtree', 'xml.etree.ElementTree'),
    '_opcode': _accelerator('_opcode', 'opcode'),
    '_stat': _accelerator('_stat', 'stat'),
    '_statistics': _accelerator('_statistics', 'statistics'),
    '_zoneinfo': _accelerator('_zoneinfo', 'zoneinfo'),
    '_uuid': _accelerator('_uuid', 'uuid'),
    'msvcrt': _windows('msvcrt'), 'winreg': _windows('winreg'), 'winsound': _windows('winsound'),
    '_winapi': _windows('_winapi'), '_overlapped': _windows('_overlapped'), 'nt': _windows('nt'),
    '_msi': _windows('_msi'),
}


def _refuse_module(name):
    kind, message = _REFUSED_MODULES[name]
    error = ModuleNotFoundError if kind == 'ModuleNotFoundError' else ImportError
    raise error(message, name=name)


def _builtin_loader(real):
    """Stands in for _imp.create_builtin, so that a refused builtin module (_ctypes) is refused however it is
    created."""
    def create_builtin(spec):
        if getattr(spec, 'name', None) in _REFUSED_MODULES:
            _refuse_module(spec.name)
        return real(spec)
    return create_builtin


def _refuse_native_load(spec, *args):
    """Stands in for _imp.create_dynamic, through which every extension module (.so) is loaded."""
    name = getattr(spec, 'name', '?')
    raise ImportError('%s is a native extension module (%s), and %s' % (name, getattr(spec, 'origin', '?'), _NO_NATIVE),
                      name=name, path=getattr(spec, 'origin', None))


# ---- Network: _socket and select, patched as they are imported. ----

def _no_network(what):
    return PermissionError(1, '%s is not allowed: %s' % (what, _NO_NETWORK))


def _patch_socket(module):
    real = module.socket

    class socket(real):
        """A socket type that cannot be created: the sandbox has no network."""
        __slots__ = ()

        def __new__(cls, *args, **kwargs):
            raise _no_network('creating a socket')

    socket.__module__ = '_socket'
    socket.__qualname__ = 'socket'
    module.socket = socket
    module.SocketType = socket

    def refuse_resolution(name):
        def refused(*args, **kwargs):
            raise module.gaierror(module.EAI_FAIL, 'name resolution (%s) is not allowed: %s' % (name, _NO_NETWORK))
        refused.__name__ = refused.__qualname__ = name
        return refused

    for name in ('getaddrinfo', 'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr', 'getnameinfo'):
        setattr(module, name, refuse_resolution(name))

    def refuse_service(name):
        def refused(*args, **kwargs):
            raise OSError('service/proto not found (%s is not allowed: %s)' % (name, _NO_NETWORK))
        refused.__name__ = refused.__qualname__ = name
        return refused

    for name in ('getservbyname', 'getservbyport'):
        setattr(module, name, refuse_service(name))

    def gethostname():
        """The name of a machine without network."""
        return 'localhost'

    module.gethostname = gethostname
    module.has_ipv6 = False


def _patch_select(module):
    def select(rlist, wlist, xlist, timeout=None):
        """No descriptor can be waited on in the sandbox; with nothing to wait on it only sleeps, as CPython's."""
        waited = [list(rlist), list(wlist), list(xlist)]
        if timeout is not None and not isinstance(timeout, (int, float)):
            raise TypeError('timeout must be a float or None')
        if any(waited) or timeout is None:
            raise _no_network('select')
        if timeout < 0:
            raise ValueError('timeout must be non-negative')
        import time
        time.sleep(timeout)
        return ([], [], [])

    module.select = select


# ---- posix: functions GraalPy's Java backend refuses uncatchably, patched before os copies them. ----

# Process and terminal functions the sandbox has no use for (the file system's are not here: they belong
# to the file systems the engine gives the context).
_POSIX_REFUSED = (
    'getppid', 'getpgrp', 'getpgid', 'setpgid', 'getsid', 'setsid', 'openpty', 'set_blocking', 'fchown', 'chown',
    'lchown',
)


def _patch_posix(module):
    def refuse(name):
        def refused(*args, **kwargs):
            raise PermissionError(1, 'os.%s() is not available in the sandbox (no processes, terminals or host '
                                     'system calls)' % name)
        refused.__name__ = refused.__qualname__ = name
        return refused

    for name in _POSIX_REFUSED:
        if hasattr(module, name):
            setattr(module, name, refuse(name))

    def system(command):
        raise PermissionError(1, 'os.system() is not allowed: the sandbox runs no processes')

    module.system = system

    def no_process(name):
        def refused(*args, **kwargs):
            raise PermissionError(1, 'os.%s() is not allowed: the sandbox runs no processes' % name)
        refused.__name__ = refused.__qualname__ = name
        return refused

    # Only those GraalPy has: os.fork stays absent (AttributeError), as the corpus records.
    for name in ('posix_spawn', 'posix_spawnp', 'execv', 'execve', 'kill', 'killpg'):
        if hasattr(module, name):
            setattr(module, name, no_process(name))
    real_access = module.access

    def access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
        if effective_ids:
            raise NotImplementedError('effective_ids unavailable on this platform')
        return real_access(path, mode, dir_fd=dir_fd, follow_symlinks=follow_symlinks)

    module.access = access


# ---- GraalPy's own modules: only what the standard library uses stays, guarded against bad arguments. ----

def _function_argument(real, name, of_builtin_module=False):
    def checked(fn, *args, **kwargs):
        if type(fn) is not type(_function_argument):
            raise TypeError('%s() argument must be a function, not %s' % (name, type(fn).__name__))
        if of_builtin_module:
            import sys
            if fn.__globals__.get('__name__') not in sys.builtin_module_names:
                raise TypeError('%s() takes only functions of GraalPy\'s builtin modules' % name)
        return real(fn, *args, **kwargs)
    checked.__name__ = checked.__qualname__ = name
    return checked


# Callables of __graalpython__ that the standard library never calls and that fail with internal errors, read
# host files, or report on the host: removed from every context.
_GRAALPYTHON_REMOVED = (
    '_disable_native_zlib', 'auto_wrap_methods', 'blackhole', 'build_java_class', 'create_arrow_py_capsule',
    'dis', 'executable_list', 'get_current_rss', 'get_python_home_paths', 'java_assert',
    'lazy_attributes_from_delegate', 'read_file', 'replicate_extensions_in_venv', 'run_path',
    'storage_to_native', 'storage_to_native_primitive', 'which', 'import_current_as_named_module', 'builtin_method',
)

# Callables of polyglot that fail with internal errors on arguments of the wrong type or only serve host
# interop, which is off: removed. _sre uses polyglot.__keys__, which stays; GraalPy's _polyglot_time and
# _polyglot_datetime (loaded with time and datetime) register interop behaviour, which stays, guarded.
_POLYGLOT_REMOVED = (
    '__element_info__', '__invoke__', '__key_info__', '__read__', '__write__', '__remove__', '__execute__',
    '__new__', '__get_size__', '__has_keys__', '__has_size__', '__is_boxed__', '__is_null__',
    'fits_in_big_integer', 'fits_in_byte', 'fits_in_double', 'fits_in_float', 'fits_in_int', 'fits_in_long',
    'fits_in_short', 'get_registered_interop_behavior', 'import_value', 'export_value', 'storage',
)


def _type_argument(real, name):
    def checked(receiver, *args, **kwargs):
        if not isinstance(receiver, type):
            raise TypeError('%s() argument 1 must be a type, not %s' % (name, type(receiver).__name__))
        return real(receiver, *args, **kwargs)
    checked.__name__ = checked.__qualname__ = name
    return checked


def _no_foreign_classes(*args, **kwargs):
    raise TypeError('register_interop_type() needs a foreign (host) class, and the sandbox has none')


def _patch_graalpython(module):
    for name in _GRAALPYTHON_REMOVED:
        try:
            delattr(module, name)
        except AttributeError:
            pass
    # builtin turns a function of one of GraalPy's builtin modules (_sre) into a builtin method.
    module.builtin = _function_argument(module.builtin, 'builtin', of_builtin_module=True)
    module.force_split_direct_calls = _function_argument(module.force_split_direct_calls, 'force_split_direct_calls')


def _patch_polyglot(module):
    if getattr(module, '_execscript_patched', False):
        return
    for name in _POLYGLOT_REMOVED:
        try:
            delattr(module, name)
        except AttributeError:
            pass
    real = getattr(module, 'register_interop_behavior', None)
    if real is not None:
        module.register_interop_behavior = _type_argument(real, 'register_interop_behavior')
    module.register_interop_type = _no_foreign_classes
    module._execscript_patched = True


def _patch_loaded_polyglot(module):
    """GraalPy's _sre imports polyglot past sys.meta_path: patch it once _sre is loaded. Its tregex_*
    entry points fail with an internal error on arguments _sre's own code never passes; importers get a
    copy of the module without them (_sre's code keeps using its own globals, so matching is as fast)."""
    import sys
    if 'polyglot' in sys.modules:
        _patch_polyglot(sys.modules['polyglot'])
    public = type(module)(module.__name__, module.__doc__)
    public.__dict__.update({k: v for k, v in module.__dict__.items() if not k.startswith('tregex_')})
    sys.modules[module.__name__] = public


# Modules changed as they are imported: name -> patch(module).
def _patch_unicodedata(module):
    """GraalPy takes combining, east_asian_width, lookup, decomposition, mirrored, the numeric values and
    ucd_3_2_0 from a native module; the engine's pure-Python ones stand in (CPython 3.11's data)."""
    import _execscript_unicodedata
    _execscript_unicodedata.install(module)


def _patch_time(module):
    real = module.sleep

    def sleep(seconds, /):
        """GraalPy 25.0 sleeps a whole number of seconds to a deadline truncated to the second, spinning
        until the wall clock's second passes it: time.sleep(0) burned up to a second of CPU and sleep(n) lasted
        up to n+1 s. As a float it sleeps to an exact deadline, as CPython does."""
        if isinstance(seconds, int):
            seconds = float(seconds)
        return real(seconds)

    sleep.__name__ = sleep.__qualname__ = 'sleep'
    module.sleep = sleep


def _patch_lsprof(module):
    class Profiler:
        """cProfile's base. GraalPy's own starts its CPU sampler, which a sandboxed context may not use: its
        refusal was an internal error no script could catch."""

        def __init__(self, *args, **kwargs):
            raise RuntimeError('cProfile is not available in the sandbox: GraalPy profiles with its CPU sampler, '
                               'which a sandboxed context may not use (time parts of the script with time.perf_counter)')

    Profiler.__module__ = '_lsprof'
    module.Profiler = Profiler


def _patch_posixsubprocess(module):
    def fork_exec(*args, **kwargs):
        raise PermissionError(1, 'starting a process is not allowed: the sandbox runs no processes')
    module.fork_exec = fork_exec


def _aws_patch(name):
    """botocore's session and waiter, patched by the engine's _execscript_aws so that AWS calls are answered
    by the engine (declared responses or the endpoint), never sent from the guest."""
    def patch(module):
        import _execscript_aws
        _execscript_aws.PATCHES[name](module)
    return patch


def _aws_loading(name):
    """botocore.exceptions loads inside _execscript_aws's context for it (without Debian's import of requests)."""
    def patch(module):
        pass

    def around(exec_module, module):
        import _execscript_aws
        with _execscript_aws.LOADING[name]():
            exec_module(module)
    patch.around = around
    return patch


_PATCHED_ON_IMPORT = {'_socket': _patch_socket, 'select': _patch_select, 'polyglot': _patch_polyglot,
                      '_sre': _patch_loaded_polyglot, 'unicodedata': _patch_unicodedata,
                      '_posixsubprocess': _patch_posixsubprocess, 'time': _patch_time, '_lsprof': _patch_lsprof,
                      'botocore.session': _aws_patch('botocore.session'), 'botocore.waiter': _aws_patch('botocore.waiter'),
                      'botocore.loaders': _aws_patch('botocore.loaders'), 'botocore.exceptions': _aws_loading('botocore.exceptions')}


class _PatchingLoader:
    """Loads a module with its own loader (inside the patch's `around`, when it has one), then applies the patch."""

    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        around = getattr(self._patch, 'around', None)
        if around is not None:
            around(self._loader.exec_module, module)
        else:
            self._loader.exec_module(module)
        self._patch(module)


class _SandboxImports:
    """First on sys.meta_path: refuses the modules of _REFUSED_MODULES with their reason, patches those of
    _PATCHED_ON_IMPORT, and finds nothing itself."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name in _REFUSED_MODULES:
            _refuse_module(name)
        patch = _PATCHED_ON_IMPORT.get(name)
        if patch is not None:
            import sys
            for finder in sys.meta_path:
                find = getattr(finder, 'find_spec', None)
                if finder is cls or find is None:
                    continue
                spec = find(name, path, target)
                if spec is not None:
                    if spec.loader is not None:
                        spec.loader = _PatchingLoader(spec.loader, patch)
                    return spec
            return None
        if name == 'genericpath':
            # genericpath imports os, which imports posixpath, which needs genericpath complete: CPython
            # never meets that cycle because site has imported os before any script runs.
            import sys
            if 'os' not in sys.modules:
                import os
        return None

    @classmethod
    def invalidate_caches(cls):
        pass


# ---- What site gives a CPython session (the context never runs site). ----

class _Quitter:
    """exit() and quit(), as site defines them: raise SystemExit with the given code or message."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return 'Use %s() or Ctrl-D (i.e. EOF) to exit' % self.name

    def __call__(self, code=None):
        raise SystemExit(code)


class _SiteText:
    """copyright, credits and license: their text when printed or called, as site's."""

    def __init__(self, name, text):
        self._name = name
        self._text = text

    def __repr__(self):
        return self._text

    def __call__(self):
        print(self._text)


class _Help:
    """help(), as site defines it: pydoc's help, imported when first used."""

    def __repr__(self):
        return 'Type help() for interactive help, or help(object) for help about object.'

    def __call__(self, *args, **kwargs):
        import pydoc
        return pydoc.help(*args, **kwargs)


def _install_sandbox_guards(allow_threads):
    import sys
    import builtins
    import _imp
    sys.meta_path.insert(0, _SandboxImports)
    _imp.create_dynamic = _refuse_native_load
    _imp.create_builtin = _builtin_loader(_imp.create_builtin)
    for name in _PATCHED_ON_IMPORT:
        if name in sys.modules:
            _PATCHED_ON_IMPORT[name](sys.modules[name])
    _patch_graalpython(sys.modules['__graalpython__'])
    _patch_posix(sys.modules['posix'])
    if 'os' in sys.modules:
        _patch_posix(sys.modules['os'])
    if not allow_threads:
        import _thread

        def start_new_thread(function, args, kwargs=None):
            raise RuntimeError("can't start new thread: " + _NO_THREADS)

        _thread.start_new_thread = _thread.start_new = start_new_thread
    builtins.exit = _Quitter('exit')
    builtins.quit = _Quitter('quit')
    builtins.help = _Help()
    builtins.copyright = _SiteText('copyright', sys.copyright)
    builtins.credits = _SiteText('credits', '    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n'
                                            '    for supporting Python development.  See www.python.org for more information.')
    builtins.license = _SiteText('license', 'See https://www.python.org/psf/license/')
