"""Checks the engine's unicodedata shim (modules/_execscript_unicodedata.py) against CPython's own unicodedata
on every code point and 80,000 random strings: run with CPython 3.11 after regenerating the data
(python3.11 engine/tools/check_unicodedata.py; about a minute). Prints the differences and 'bad N'."""
import sys, unicodedata, random
import os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'resources', 'dev', 'execscript', 'python', 'modules'))
import types, _execscript_unicodedata as shim
fake = types.SimpleNamespace(normalize=unicodedata.normalize, name=unicodedata.name)
ucd = shim.UCD(fake)
bad = 0
for c in range(0x110000):
    ch = chr(c)
    for f in ('combining', 'east_asian_width', 'mirrored', 'decomposition'):
        if getattr(shim, f)(ch) != getattr(unicodedata, f)(ch): bad += 1; print(f, hex(c))
    for f in ('decimal', 'digit', 'numeric'):
        if getattr(shim, f)(ch, None) != getattr(unicodedata, f)(ch, None): bad += 1; print(f, hex(c))
    old = unicodedata.ucd_3_2_0
    if ucd.category(ch) != old.category(ch) or ucd.bidirectional(ch) != old.bidirectional(ch): bad += 1
    for form in ('NFC', 'NFD', 'NFKC', 'NFKD'):
        if ucd.normalize(form, ch) != old.normalize(form, ch): bad += 1; print('norm', form, hex(c)) if bad < 20 else None
    if ucd.combining(ch) != old.combining(ch) or ucd.decomposition(ch) != old.decomposition(ch) or ucd.mirrored(ch) != old.mirrored(ch): bad += 1; print('old', hex(c)) if bad < 40 else None
    if ucd.numeric(ch, None) != old.numeric(ch, None): bad += 1; print('oldnum', hex(c)) if bad < 60 else None
rng = random.Random(1)
pool = [chr(c) for c in range(0x20, 0x3000)] + ['\u0301', '\u0327', '\uac00', '\u1100', '\u1161']
for i in range(20000):
    s = ''.join(rng.choice(pool) for _ in range(rng.randint(1, 8)))
    for form in ('NFC', 'NFKC', 'NFD', 'NFKD'):
        if ucd.normalize(form, s) != unicodedata.ucd_3_2_0.normalize(form, s): bad += 1; print('str', form, repr(s)) if bad < 80 else None
for n in ['LATIN SMALL LETTER A', 'latin small letter a', 'SNOWMAN', 'NO SUCH THING', 'HANGUL SYLLABLE GA', 'CJK UNIFIED IDEOGRAPH-4E00']:
    try: a = shim.lookup(n)
    except KeyError as e: a = 'KeyError'
    try: b = unicodedata.lookup(n)
    except KeyError as e: b = 'KeyError'
    if a != b: bad += 1; print('lookup', n, a, b)
print('bad', bad)
sys.exit(1 if bad else 0)
