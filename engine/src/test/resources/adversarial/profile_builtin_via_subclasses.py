# attack: reach GraalPy's own profiler type through object.__subclasses__() (past the cProfile guard) and
# construct it: GraalVM refuses its CPU sampler with a host error no except can catch; the step fails in
# plain words, without GraalVM's API names, and the engine serves the next step
# expect: Failed Action | the script started GraalVM's 'cpusampler' tool (as profilers such as cProfile do), which the sandbox does not allow
def handler(events, context):
    real = [c for c in object.__subclasses__() if c.__name__ == 'Profiler' and c.__module__ == '_lsprof']
    try:
        real[-1]()
    except BaseException as e:
        return ['caught', type(e).__name__]
    return 'constructed'
