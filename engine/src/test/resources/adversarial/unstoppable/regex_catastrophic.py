# attack: a catastrophic regular expression (exponential backtracking: a nested quantifier in a lookahead,
# which GraalPy's regex engine cannot run as an automaton). GraalPy's regex engine does see cancellation,
# so here the worker stops it itself and is kept; measured in-process too (stopped at the deadline).
# expect: TimedOut Timeout | the step timed out after 3.0 s (timeoutSeconds); the script was stopped
# worker: kept
import re
def handler(events, context):
    return bool(re.match(r'(?=(a+)+$)', 'a' * 60 + 'b'))
