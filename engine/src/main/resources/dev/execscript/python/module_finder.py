# Serves the engine's own Python modules into a context ahead of GraalPy's (pyexpat: GraalPy's is native,
# which the sandbox refuses). The engine hands the sources over as strings; nothing is read from a file and
# nothing is compiled until a script imports one of them. It also patches a few third-party modules right
# after they load (botocore's session, so that AWS calls are answered by the engine: _execscript_aws.py).


def _execscript_install_modules(aws_bridge, *names_and_sources):
    """Puts a finder for the given modules (name, source, name, source, ...) first on sys.meta_path."""
    import sys
    sources = dict(zip(names_and_sources[0::2], names_and_sources[1::2]))
    module_spec = type(sys.__spec__)  # importlib's ModuleSpec, without importing importlib.machinery
    patched = ('botocore.session', 'botocore.waiter')
    finding = set()

    class PatchingLoader:
        """Runs a module as its own loader would, then the engine's patch of it."""

        def __init__(self, loader, patch):
            self._loader = loader
            self._patch = patch

        def create_module(self, spec):
            return self._loader.create_module(spec)

        def exec_module(self, module):
            self._loader.exec_module(module)
            self._patch(module)

        def __getattr__(self, name):
            return getattr(self._loader, name)

    class EngineModuleFinder:
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name in patched and name not in finding:
                return cls._patched_spec(name, path, target)
            if name not in sources:
                return None
            # An origin starting with '<' marks engine code: the statement limit counts the script's own.
            return module_spec(name, cls, origin='<execscript module %s>' % name)

        @classmethod
        def _patched_spec(cls, name, path, target):
            finding.add(name)
            try:
                for finder in sys.meta_path:
                    if finder is cls or not hasattr(finder, 'find_spec'):
                        continue
                    spec = finder.find_spec(name, path, target)
                    if spec is not None:
                        break
                else:
                    return None
            finally:
                finding.discard(name)
            if spec.loader is None:
                return spec
            import _execscript_aws
            spec.loader = PatchingLoader(spec.loader, _execscript_aws.PATCHES[name])
            return spec

        @classmethod
        def create_module(cls, spec):
            return None

        @classmethod
        def exec_module(cls, module):
            spec = module.__spec__
            if spec.name == '_execscript_aws':
                module.__dict__['_bridge'] = aws_bridge
            exec(compile(sources[spec.name], spec.origin, 'exec'), module.__dict__)

        @classmethod
        def get_source(cls, name):
            return sources.get(name)

    sys.meta_path.insert(0, EngineModuleFinder)
