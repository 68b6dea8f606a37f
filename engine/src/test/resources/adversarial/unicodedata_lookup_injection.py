# attack: smuggle code into unicodedata.lookup (the engine's own, which reads names through the parser's
# \N{...} escape) with a str subclass that iterates as a harmless name and formats as code
# expect: Success | ["KeyError","a"]
import unicodedata


class Name(str):
    def __iter__(self):
        return iter('A')

    def __len__(self):
        return 1

    def __str__(self):
        return 'LATIN SMALL LETTER A}" + str(len(().__class__.__base__.__subclasses__())) + "\\N{LATIN SMALL LETTER B'


def handler(events, context):
    try:
        result = unicodedata.lookup(Name('zzz'))
    except KeyError as e:
        result = 'KeyError'
    return [result, unicodedata.lookup(Name('latin small letter a'))]
