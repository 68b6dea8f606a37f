# The payload encoder's fast path, run in the guest: one walk over a value of exact builtin types writes its
# compact JSON in one call, where the Java walker pays several host-guest crossings per node. Strings are
# written raw between NUL characters, not escaped: escaping here (GraalPy's _json escapes character by
# character, a str.replace costs a scan per string) was most of the time; the host escapes the whole text in
# one pass instead, turning each NUL into a quote (GuestTextWriter). A NUL inside a string would be
# taken for a delimiter, so the text starts with the number of strings written, "<strings>:<items>:<full>:", and the
# host refuses the text unless it counts twice that many NULs; <items> is the length of a top-level list
# cut to its first max_items items, else -1 (and <full> below).
# The walk keeps a lower bound of the output's size (every character is at least one byte) and stops as soon
# as it passes the byte limit, so its work is bounded by the limit, not by the value; the host then cuts the
# text as the Java walker cuts a value (GuestTextWriter). It gives up (returns None, the Java walker decides) on
# subclasses, other types, NaN and infinities, the smallest floats (GraalPy prints 5e-324 with Java's digits),
# ints of more than 300 digits and nesting deeper than 200.
# Evaluated in the context's top level before any script runs; the host takes the function below, calls it
# and deletes its name, so the encode function it returns is bound nowhere a script can reach, and the
# builtins it uses are the ones captured here.


def _execscript_payload_make():
    exact_str, exact_int, exact_float, exact_bool = str, int, float, bool
    exact_dict, exact_list, exact_tuple = dict, list, tuple
    type_of, length, join = type, len, ''.join
    int_repr, float_repr = int.__repr__, float.__repr__
    big_int = 10 ** 300
    tiny_float = 1e-300
    huge_float = 1.7976931348623157e308
    max_depth = 200

    class GiveUp(Exception):
        pass

    class Full(Exception):
        """The text written so far is longer than the limit: the host cuts it as the walker would."""
        def __init__(self, count):
            self.count = count

    def head(s, n):
        """The first n characters of s, one more than the host can fit where the text passed the limit."""
        return s[:n] if n > 0 else ''

    def key_text(k, t):
        if t is exact_int:
            if -big_int < k < big_int:
                return int_repr(k)
        elif t is exact_float:
            if -huge_float <= k <= huge_float and (k >= tiny_float or k <= -tiny_float or k == 0):
                return float_repr(k)
        elif t is exact_bool:
            return 'true' if k else 'false'
        elif k is None:
            return 'null'
        raise GiveUp

    def scalar(v, t):
        if t is exact_int:
            if -big_int < v < big_int:
                return int_repr(v)
        elif t is exact_float:
            if -huge_float <= v <= huge_float and (v >= tiny_float or v <= -tiny_float or v == 0):
                return float_repr(v)
        elif v is None:
            return 'null'
        elif t is exact_bool:
            return 'true' if v else 'false'
        raise GiveUp

    def walk(v, t, append, depth, budget, count):
        """Appends the container v (of type t); returns (budget, count) left and counted after it."""
        if depth >= max_depth:
            raise GiveUp
        if t is exact_dict:
            if not v:
                append('{}')
                return budget - 2, count
            separator = '{\0'
            for k, x in v.items():
                append(separator)
                separator = ',\0'
                kt = type_of(k)
                if kt is not exact_str:
                    k = key_text(k, kt)
                budget -= length(k) + 4
                if budget < 0:
                    append(head(k, budget + length(k) + 1))  # enough to show that it does not fit
                    append('\0')
                    raise Full(count + 1)
                append(k)
                count += 1
                tx = type_of(x)
                if tx is exact_str:
                    append('\0:\0')
                    count += 1
                    budget -= length(x) + 2
                    if budget < 0:
                        append(head(x, budget + length(x) + 3))
                        append('\0')
                        raise Full(count)
                    append(x)
                    append('\0')
                elif tx is exact_dict or tx is exact_list or tx is exact_tuple:
                    append('\0:')
                    budget, count = walk(x, tx, append, depth + 1, budget, count)
                else:
                    x = scalar(x, tx)
                    append('\0:')
                    append(x)
                    budget -= length(x)
                    if budget < 0:
                        raise Full(count)
            append('}')
            return budget - 1, count
        if not v:
            append('[]')
            return budget - 2, count
        separator = '['
        for x in v:
            append(separator)
            separator = ','
            tx = type_of(x)
            if tx is exact_str:
                append('\0')
                count += 1
                budget -= length(x) + 3
                if budget < 0:
                    append(head(x, budget + length(x) + 4))
                    append('\0')
                    raise Full(count)
                append(x)
                append('\0')
            elif tx is exact_dict or tx is exact_list or tx is exact_tuple:
                budget, count = walk(x, tx, append, depth + 1, budget - 1, count)
            else:
                x = scalar(x, tx)
                append(x)
                budget -= length(x) + 1
                if budget < 0:
                    raise Full(count)
        append(']')
        return budget - 1, count

    def encode(value, max_bytes, max_items):
        """'<strings>:<items>:<full>:' and value's compact JSON with strings unescaped between NULs, or None
        where the Java walker must decide. <full> 1: the text stops (containers left open) where its length
        passed max_bytes, the last string cut to one character more than could fit."""
        try:
            t = type_of(value)
            items = -1
            if t is exact_str:
                if length(value) + 2 > max_bytes:
                    return join(('1:-1:1:\0', value[:max_bytes], '\0'))
                return join(('1:-1:0:\0', value, '\0'))
            if t is not exact_dict and t is not exact_list and t is not exact_tuple:
                return '0:-1:0:' + scalar(value, t)
            if t is not exact_dict and length(value) > max_items:
                items = length(value)
                value = value[:max_items]
            parts = [None]
            full = 0
            try:
                budget, count = walk(value, t, parts.append, 0, max_bytes, 0)
            except Full as e:
                full, count = 1, e.count
            parts[0] = '%d:%d:%d:' % (count, items, full)
            return join(parts)
        except Exception:  # GiveUp, RecursionError, MemoryError, a dict changed while read: the walker decides
            return None

    return encode
