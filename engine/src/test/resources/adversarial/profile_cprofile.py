# attack: profile the script with cProfile (GraalPy's profiler needs its CPU sampler, refused under the sandbox
# with an internal error no script could catch); the pure-Python profile module still works
# expect: Success | ["RuntimeError","cProfile is not available in the sandbox: GraalPy profiles with its CPU sampler, which a sandboxed context may not use (time parts of the script with time.perf_counter)",6]
import cProfile
import profile


def work():
    return sum(range(4))


def handler(events, context):
    try:
        cProfile.Profile()
        caught = None
    except Exception as e:
        caught = e
    return [type(caught).__name__, str(caught), profile.Profile().runcall(work)]
