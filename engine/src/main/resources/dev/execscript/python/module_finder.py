# Serves the engine's own Python modules into a context ahead of GraalPy's (pyexpat: GraalPy's is native,
# which the sandbox refuses; _execscript_aws, which answers botocore's calls and gets the context's AWS bridge
# here). The engine hands the sources over as strings; nothing is read from a file and nothing is compiled
# until a script imports one of them. Modules patched right after they load are sandbox_guards.py's.


def _execscript_install_modules(aws_bridge, *names_and_sources):
    """Puts a finder for the given modules (name, source, name, source, ...) first on sys.meta_path."""
    import sys
    sources = dict(zip(names_and_sources[0::2], names_and_sources[1::2]))
    module_spec = type(sys.__spec__)  # importlib's ModuleSpec, without importing importlib.machinery

    class EngineModuleFinder:
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name not in sources:
                return None
            # An origin starting with '<' marks engine code: the statement limit counts the script's own.
            return module_spec(name, cls, origin='<execscript module %s>' % name)

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
