"""The parts of unicodedata that GraalPy 25.0.3 takes from a native module, which the sandbox refuses:
combining, east_asian_width, mirrored, decomposition, decimal, digit, numeric, lookup and ucd_3_2_0 (used by
stringprep and the idna codec). install(module) puts them on GraalPy's unicodedata module. Their data is
CPython 3.11's (Unicode 14.0.0, what AWS's python3.11 has), loaded on first use; GraalPy's own functions
(category, bidirectional, name, normalize...) answer from Unicode 16.0.0."""

from bisect import bisect_right as _bisect_right

_data = None
_missing = object()


def _tables():
    global _data
    if _data is None:
        import _execscript_unicodedata_data
        _data = _execscript_unicodedata_data
    return _data


def _code(function, ch):
    if not isinstance(ch, str):
        raise TypeError('%s() argument must be a unicode character, not %s' % (function, type(ch).__name__))
    if len(ch) != 1:
        raise TypeError('%s() argument must be a unicode character, not str' % function)
    return ord(ch)


def _run_value(runs, code):
    starts, values = runs
    return values[_bisect_right(starts, code) - 1]


def combining(chr, /):
    return _run_value(_tables().COMBINING, _code('combining', chr))


def east_asian_width(chr, /):
    return _run_value(_tables().EAST_ASIAN_WIDTH, _code('east_asian_width', chr))


def mirrored(chr, /):
    return _run_value(_tables().MIRRORED, _code('mirrored', chr))


def decomposition(chr, /):
    return _tables().DECOMPOSITION.get(_code('decomposition', chr), '')


def _number(function, table, what, chr, default):
    value = table.get(_code(function, chr))
    if value is None:
        if default is _missing:
            raise ValueError('not a %s' % what)
        return default
    return value


def decimal(chr, default=_missing, /):
    return _number('decimal', _tables().DECIMAL, 'decimal', chr, default)


def digit(chr, default=_missing, /):
    return _number('digit', _tables().DIGIT, 'digit', chr, default)


def numeric(chr, default=_missing, /):
    return _number('numeric', _tables().NUMERIC, 'numeric character', chr, default)


def lookup(name, /):
    """By the parser's own name table (the \\N{...} escape), so no name table is shipped twice."""
    if isinstance(name, bytes):
        name = name.decode('ascii', 'replace')
    if not isinstance(name, str):
        raise TypeError('lookup() argument must be str, not %s' % type(name).__name__)
    # The plain text of a str subclass: what is checked below must be what is evaluated (a subclass could
    # iterate as one text and format as another).
    name = str.__str__(name)
    if not name or len(name) > 256 or any(not (c.isascii() and (c.isalnum() or c in ' -')) for c in name):
        raise KeyError("undefined character name '%s'" % name)
    try:
        return eval('"\\N{%s}"' % name, {'__builtins__': {}})
    except SyntaxError:
        raise KeyError("undefined character name '%s'" % name) from None


class UCD:
    """unicodedata as of Unicode 3.2.0 (ucd_3_2_0), for stringprep and the idna codec."""

    unidata_version = '3.2.0'

    def __init__(self, current):
        self._current = current

    def _assigned(self, ch):
        return _run_value(_tables().UCD_3_2_0_CATEGORY, ord(ch)) != 'Cn'

    def category(self, chr, /):
        return _run_value(_tables().UCD_3_2_0_CATEGORY, _code('category', chr))

    def bidirectional(self, chr, /):
        return _run_value(_tables().UCD_3_2_0_BIDIRECTIONAL, _code('bidirectional', chr))

    def normalize(self, form, unistr, /):
        """As CPython's ucd_3_2_0.normalize: code points unassigned in 3.2 are not decomposed, the few whose
        decomposition was corrected later keep their 3.2 one, and canonical ordering uses today's classes."""
        if form not in ('NFC', 'NFD', 'NFKC', 'NFKD'):
            raise ValueError('invalid normalization form')
        if not isinstance(unistr, str):
            raise TypeError('normalize() argument 2 must be str, not %s' % type(unistr).__name__)
        unistr = str.__str__(unistr)
        fixes = _tables().UCD_3_2_0_NORMALIZATION
        decompose = 'NFD' if form in ('NFC', 'NFD') else 'NFKD'
        current = self._current.normalize
        pieces = []  # (char, kept as it is)
        for ch in unistr:
            code = ord(ch)
            if code in fixes:
                pieces.extend((c, False) for c in fixes[code][decompose])
            elif not self._assigned(ch):
                pieces.append((ch, current('NFD', ch) != ch))
            else:
                pieces.extend((c, False) for c in current(decompose, ch))
        # Canonical ordering: a stable sort of each run of non-starters by combining class.
        out, i = [], 0
        while i < len(pieces):
            j = i
            while j < len(pieces) and combining(pieces[j][0]) != 0:
                j += 1
            if j > i:
                out.extend(sorted(pieces[i:j], key=lambda p: combining(p[0])))
                i = j
            else:
                out.append(pieces[i])
                i += 1
        if form in ('NFD', 'NFKD'):
            return ''.join(c for c, _ in out)
        # Composition by today's tables (no composite was added after 3.1), in runs between the code points
        # that 3.2 did not decompose but today's data would.
        result, run = [], []
        for c, kept in out:
            if kept:
                if run:
                    result.append(current('NFC', ''.join(run)))
                    run = []
                result.append(c)
            else:
                run.append(c)
        if run:
            result.append(current('NFC', ''.join(run)))
        return ''.join(result)

    def is_normalized(self, form, unistr, /):
        return self.normalize(form, unistr) == unistr

    def _if_assigned(self, function, chr, default, *args):
        if not self._assigned(chr if isinstance(chr, str) and len(chr) == 1 else '\0'):
            return default
        return function(chr, *args)

    def combining(self, chr, /):
        return self._if_assigned(combining, chr, 0)

    def mirrored(self, chr, /):
        changed = _tables().UCD_3_2_0_MIRRORED.get(_code('mirrored', chr))
        return changed if changed is not None else self._if_assigned(mirrored, chr, 0)

    def east_asian_width(self, chr, /):
        return self._if_assigned(east_asian_width, chr, 'N')

    def decomposition(self, chr, /):
        return self._if_assigned(decomposition, chr, '')

    def name(self, chr, default=_missing, /):
        if isinstance(chr, str) and len(chr) == 1 and not self._assigned(chr):
            if default is _missing:
                raise ValueError('no such name')
            return default
        return self._current.name(chr) if default is _missing else self._current.name(chr, default)

    def lookup(self, name, /):
        ch = lookup(name)
        if len(ch) == 1 and not self._assigned(ch):
            raise KeyError("undefined character name '%s'" % name)
        return ch

    def _number(self, function, what, chr, default):
        if isinstance(chr, str) and len(chr) == 1 and not self._assigned(chr):
            if default is _missing:
                raise ValueError('not a %s' % what)
            return default
        return function(chr) if default is _missing else function(chr, default)

    def decimal(self, chr, default=_missing, /):
        return self._number(decimal, 'decimal', chr, default)

    def digit(self, chr, default=_missing, /):
        return self._number(digit, 'digit', chr, default)

    def numeric(self, chr, default=_missing, /):
        return self._number(numeric, 'numeric character', chr, default)


def install(module):
    """Puts the functions above on GraalPy's unicodedata module (they shadow its native delegate)."""
    for name in ('combining', 'east_asian_width', 'mirrored', 'decomposition', 'decimal', 'digit', 'numeric', 'lookup'):
        setattr(module, name, globals()[name])
    module.ucd_3_2_0 = UCD(module)
    module.UCD = UCD
