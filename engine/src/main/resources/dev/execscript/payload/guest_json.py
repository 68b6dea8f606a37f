# The payload encoder's fast path, run in the guest: GraalPy's built-in JSON encoder (_json.make_encoder,
# implemented in Java inside GraalPy) writes the whole value in one call, where the Java walker pays several
# host-guest crossings per node. It is used only when a bounded walk has shown that the value holds nothing
# but exact builtin types and ASCII text (so json.dumps' rules and the walker's cannot differ), is no deeper than the
# walker allows and is small enough that the encoder's work is bounded by the byte limit. Everything else
# (subclasses, cycles, other types, big or deep values, errors) returns None and the Java walker decides.
# Evaluated in the context's top level before any script runs; the host takes the function below, calls it
# and deletes its name, so the encode function it returns is bound nowhere a script can reach.


def _execscript_payload_make():
    import _json
    exact_str, exact_int, exact_float, exact_bool = str, int, float, bool
    exact_dict, exact_list, exact_tuple, none_type = dict, list, tuple, type(None)
    type_of, length, join = type, len, ''.join
    # ASCII text only: measured on GraalPy 25.0.3, its encoder plus the copy to Java took about 3x the walker's
    # time on a 100 KB value of mostly non-ASCII strings (and wins on ASCII ones); isascii is cheap on its strings.
    is_ascii = str.isascii
    # Nothing past a few hundred levels: the walker allows 1,000 and the guest's recursion limit may be lower.
    max_depth = 200
    small_int = 10 ** 15
    # GraalPy's encoder prints ints past Python's 4,300-digit limit, which json.dumps and the walker refuse.
    big_int = 10 ** 300
    # GraalPy prints the smallest subnormals with Java's digits (4.9e-324), the walker as CPython (5e-324).
    tiny_float = 1e-300
    end = object()  # marks where a container's children end, for the depth count

    def reject(o):
        raise TypeError('not encoded in the guest')

    # markers None: no circular check is needed, the walk below refuses any value with more nodes than
    # the budget, cycles included. allow_nan False: the walker reports NaN and infinities itself.
    encoder = _json.make_encoder(None, reject, _json.encode_basestring, None, ':', ',', False, False, False)

    def small_enough(value, budget, max_items):
        """Whether value holds exact builtin types only and encodes to at most about budget characters.
        Every node costs at least one unit, so the walk stops after at most budget steps."""
        t = type_of(value)
        if (t is exact_list or t is exact_tuple) and length(value) > max_items:
            return False
        stack = [value]
        pop = stack.pop
        push = stack.append
        extend = stack.extend
        depth = 0
        while stack:
            v = pop()
            t = type_of(v)
            if t is exact_str:
                if not is_ascii(v):
                    return False
                budget -= length(v) + 2
            elif t is exact_dict:
                depth += 1
                budget -= 2 * length(v) + 1  # braces, colons, commas
                if depth > max_depth or budget < 0:
                    return False
                for k in v:
                    tk = type_of(k)
                    if tk is exact_str:
                        if not is_ascii(k):
                            return False
                        budget -= length(k) + 2
                    elif tk is exact_int:
                        if not -small_int < k < small_int:
                            return False
                        budget -= 18
                    elif tk is exact_float:
                        if -tiny_float < k < tiny_float and k:
                            return False
                        budget -= 26
                    elif tk is exact_bool or tk is none_type:
                        budget -= 7
                    else:
                        return False
                if budget < 0:
                    return False
                push(end)
                extend(v.values())
            elif t is exact_list or t is exact_tuple:
                depth += 1
                budget -= length(v) + 1  # brackets, commas
                if depth > max_depth or budget < 0:
                    return False
                push(end)
                extend(v)
            elif v is end:
                depth -= 1
            elif t is exact_int:
                if -small_int < v < small_int:
                    budget -= 18
                elif -big_int < v < big_int:
                    budget -= v.bit_length() // 3 + 2
                else:
                    return False
            elif t is exact_float:
                if -tiny_float < v < tiny_float and v:
                    return False
                budget -= 24
            elif t is exact_bool or t is none_type:
                budget -= 5
            else:
                return False
            if budget < 0:
                return False
        return True

    def encode(value, max_bytes, max_items):
        """The compact JSON of value as json.dumps(ensure_ascii=False, separators=(',', ':')) writes it, or
        None where the Java walker must decide."""
        if not small_enough(value, max_bytes, max_items):
            return None
        try:
            return join(encoder(value, 0))
        except Exception:
            return None

    return encode
