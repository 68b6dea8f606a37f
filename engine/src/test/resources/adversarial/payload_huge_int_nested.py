# An int json.dumps cannot print (more than 4,300 digits) deep in the returned value fails the step, naming
# where it is and why; it must never become a null payload on a successful step.
# expect: Failed Action | int at $.a[3] has more than 4300 digits: json.dumps raises ValueError (Exceeds the limit (4300 digits) for integer string conversion)
def handler(events, context):
    return {'a': [0, 1, 2, 10 ** 4300]}
