# attack: evaluate another language or reach host objects through polyglot
# expect: Failed Action | RuntimeError: polyglot access is not allowed
import polyglot
def handler(events, context):
    return str(polyglot.eval(language="js", string="1+1"))
