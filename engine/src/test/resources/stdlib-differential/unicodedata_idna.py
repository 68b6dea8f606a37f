# unicodedata's functions that GraalPy takes from a native module (the engine's pure-Python ones stand in),
# stringprep and the idna codec, which use ucd_3_2_0. Characters assigned by Unicode 14.0 (CPython 3.11's).
import unicodedata
import stringprep
import encodings.idna

SAMPLE = 'aZ0 \u00e9\u0301\u00bd\u2155\u0663\u00b2\u3000\uff21\u2028\u00ad\u200b\u202e\ufb01\u1e9b\u0323\uac00\u4e00\U0001d400\U0001f600'


def handler(events, context):
    out = {}
    for name in ('combining', 'east_asian_width', 'mirrored', 'decomposition', 'category', 'bidirectional'):
        out[name] = [getattr(unicodedata, name)(ch) for ch in SAMPLE]
    for name in ('decimal', 'digit', 'numeric'):
        out[name] = [getattr(unicodedata, name)(ch, None) for ch in SAMPLE]
    out['lookup'] = [unicodedata.lookup(n) for n in ('SNOWMAN', 'latin small letter a', 'HANGUL SYLLABLE GA')]
    try:
        unicodedata.lookup('NO SUCH CHARACTER')
    except KeyError as e:
        out['lookup_missing'] = str(e)
    old = unicodedata.ucd_3_2_0
    out['ucd_3_2_0'] = [old.unidata_version] + [[old.category(ch), old.bidirectional(ch)] for ch in SAMPLE]
    out['normalize_3_2_0'] = [old.normalize(form, SAMPLE) for form in ('NFC', 'NFD', 'NFKC', 'NFKD')]
    out['stringprep'] = [[stringprep.in_table_a1(ch), stringprep.in_table_b1(ch), stringprep.in_table_c12(ch),
                          stringprep.in_table_d1(ch), stringprep.in_table_d2(ch)] for ch in SAMPLE]
    out['nameprep'] = encodings.idna.nameprep('B\u00fccher\u00adStra\u00dfe')
    out['idna'] = [h.encode('idna').decode('ascii') for h in ('b\u00fccher.example', 'm\u00fcnchen.de', 'xn--nxasmq6b.com')]
    out['idna_decode'] = b'xn--bcher-kva.example'.decode('idna')
    try:
        '\u202ea.example'.encode('idna')
    except UnicodeError as e:
        out['idna_error'] = type(e).__name__
    return out
