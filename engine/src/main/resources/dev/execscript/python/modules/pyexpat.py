"""pyexpat for the execscript sandbox.

GraalPy's own pyexpat is a native extension, which the sandbox refuses. This one has the same interface
(what xml.etree.ElementTree, xml.dom.minidom, xml.sax and xml.parsers.expat use) and hands the parsing to
the engine's XML parser (the JDK's, locked down: no external entities or DTDs are read, entity expansion
is bounded) through the `_execscript_xml` object: one call per document returns all its events, which
are then dispatched to the handlers here.

Differences from expat: the document is parsed when Parse() is called with isfinal true (earlier calls
only collect the data), so events and errors arrive then; processing instructions inside the DTD are not
reported; CurrentLineNumber/CurrentColumnNumber during a handler are where the element's tag ends;
byte indexes are -1; buffer_text=False still delivers adjacent character data in one piece.
"""

import sys as _sys

EXPAT_VERSION = 'expat_2.6.0'
version_info = (2, 6, 0)
native_encoding = 'UTF-8'
features = [('sizeof(XML_Char)', 1), ('sizeof(XML_LChar)', 1), ('XML_DTD', 0), ('XML_CONTEXT_BYTES', 1024),
            ('XML_NS', 0)]

XML_PARAM_ENTITY_PARSING_NEVER = 0
XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE = 1
XML_PARAM_ENTITY_PARSING_ALWAYS = 2

_ERRORS = (
    ('XML_ERROR_NO_MEMORY', 'out of memory'),
    ('XML_ERROR_SYNTAX', 'syntax error'),
    ('XML_ERROR_NO_ELEMENTS', 'no element found'),
    ('XML_ERROR_INVALID_TOKEN', 'not well-formed (invalid token)'),
    ('XML_ERROR_UNCLOSED_TOKEN', 'unclosed token'),
    ('XML_ERROR_PARTIAL_CHAR', 'partial character'),
    ('XML_ERROR_TAG_MISMATCH', 'mismatched tag'),
    ('XML_ERROR_DUPLICATE_ATTRIBUTE', 'duplicate attribute'),
    ('XML_ERROR_JUNK_AFTER_DOC_ELEMENT', 'junk after document element'),
    ('XML_ERROR_PARAM_ENTITY_REF', 'illegal parameter entity reference'),
    ('XML_ERROR_UNDEFINED_ENTITY', 'undefined entity'),
    ('XML_ERROR_RECURSIVE_ENTITY_REF', 'recursive entity reference'),
    ('XML_ERROR_ASYNC_ENTITY', 'asynchronous entity'),
    ('XML_ERROR_BAD_CHAR_REF', 'reference to invalid character number'),
    ('XML_ERROR_BINARY_ENTITY_REF', 'reference to binary entity'),
    ('XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF', 'reference to external entity in attribute'),
    ('XML_ERROR_MISPLACED_XML_PI', 'XML or text declaration not at start of entity'),
    ('XML_ERROR_UNKNOWN_ENCODING', 'unknown encoding'),
    ('XML_ERROR_INCORRECT_ENCODING', 'encoding specified in XML declaration is incorrect'),
    ('XML_ERROR_UNCLOSED_CDATA_SECTION', 'unclosed CDATA section'),
    ('XML_ERROR_EXTERNAL_ENTITY_HANDLING', 'error in processing external entity reference'),
    ('XML_ERROR_NOT_STANDALONE', 'document is not standalone'),
    ('XML_ERROR_UNEXPECTED_STATE', 'unexpected parser state - please send a bug report'),
    ('XML_ERROR_ENTITY_DECLARED_IN_PE', 'entity declared in parameter entity'),
    ('XML_ERROR_FEATURE_REQUIRES_XML_DTD', 'requested feature requires XML_DTD support in Expat'),
    ('XML_ERROR_CANT_CHANGE_FEATURE_ONCE_PARSING', 'cannot change setting once parsing has begun'),
    ('XML_ERROR_UNBOUND_PREFIX', 'unbound prefix'),
    ('XML_ERROR_UNDECLARING_PREFIX', 'must not undeclare prefix'),
    ('XML_ERROR_INCOMPLETE_PE', 'incomplete markup in parameter entity'),
    ('XML_ERROR_XML_DECL', 'XML declaration not well-formed'),
    ('XML_ERROR_TEXT_DECL', 'text declaration not well-formed'),
    ('XML_ERROR_PUBLICID', 'illegal character(s) in public id'),
    ('XML_ERROR_SUSPENDED', 'parser suspended'),
    ('XML_ERROR_NOT_SUSPENDED', 'parser not suspended'),
    ('XML_ERROR_ABORTED', 'parsing aborted'),
    ('XML_ERROR_FINISHED', 'parsing finished'),
    ('XML_ERROR_SUSPEND_PE', 'cannot suspend in external parameter entity'),
    ('XML_ERROR_RESERVED_PREFIX_XML',
     'reserved prefix (xml) must not be undeclared or bound to another namespace name'),
    ('XML_ERROR_RESERVED_PREFIX_XMLNS', 'reserved prefix (xmlns) must not be declared or undeclared'),
    ('XML_ERROR_RESERVED_NAMESPACE_URI', 'prefix must not be bound to one of the reserved namespace names'),
    ('XML_ERROR_INVALID_ARGUMENT', 'invalid argument'),
    ('XML_ERROR_NO_BUFFER', 'a successful prior call to function XML_GetBuffer is required'),
    ('XML_ERROR_AMPLIFICATION_LIMIT_BREACH', 'limit on input amplification factor (from DTD and entities) breached'),
)
_UNKNOWN_ENCODING = 18
_FINISHED = 36
_EXTERNAL_ENTITY_HANDLING = 21
_NOT_STANDALONE = 22

_Module = type(_sys)

errors = _Module('pyexpat.errors', 'Constants used to describe error conditions.')
errors.codes = {}
errors.messages = {}
for _code, (_name, _message) in enumerate(_ERRORS, 1):
    setattr(errors, _name, _message)
    errors.codes[_message] = _code
    errors.messages[_code] = _message

model = _Module('pyexpat.model', 'Constants used to interpret content model information.')
model.XML_CTYPE_EMPTY = 1
model.XML_CTYPE_ANY = 2
model.XML_CTYPE_MIXED = 3
model.XML_CTYPE_NAME = 4
model.XML_CTYPE_CHOICE = 5
model.XML_CTYPE_SEQ = 6
model.XML_CQUANT_NONE = 0
model.XML_CQUANT_OPT = 1
model.XML_CQUANT_REP = 2
model.XML_CQUANT_PLUS = 3
_sys.modules.setdefault('pyexpat.errors', errors)
_sys.modules.setdefault('pyexpat.model', model)
del _code, _name, _message


class ExpatError(Exception):
    pass


ExpatError.__module__ = 'xml.parsers.expat'
error = ExpatError


def ErrorString(code):
    """The message of an expat error code (None for an unknown code)."""
    return errors.messages.get(code)


def _parse_document(document, is_bytes, encoding, namespaces):
    host = getattr(_sys.modules.get('__main__'), '_execscript_xml', None)
    if host is None:
        raise ImportError("pyexpat: the engine's XML parser (_execscript_xml) is not available in this context")
    return host.parse(document, is_bytes, encoding, namespaces)


_HANDLERS = (
    'StartElementHandler', 'EndElementHandler', 'ProcessingInstructionHandler', 'CharacterDataHandler',
    'UnparsedEntityDeclHandler', 'NotationDeclHandler', 'StartNamespaceDeclHandler', 'EndNamespaceDeclHandler',
    'CommentHandler', 'StartCdataSectionHandler', 'EndCdataSectionHandler', 'DefaultHandler',
    'DefaultHandlerExpand', 'NotStandaloneHandler', 'ExternalEntityRefHandler', 'StartDoctypeDeclHandler',
    'EndDoctypeDeclHandler', 'EntityDeclHandler', 'XmlDeclHandler', 'ElementDeclHandler', 'AttlistDeclHandler',
    'SkippedEntityHandler',
)

_QUANTIFIERS = {'?': 1, '*': 2, '+': 3}


def _content_model(text):
    """An element declaration's content model as expat gives it: (type, quantifier, name, children)."""
    text = ''.join(text.split())
    if text == 'EMPTY':
        return (1, 0, None, ())
    if text == 'ANY':
        return (2, 0, None, ())
    if text.startswith('(#PCDATA'):
        names = text[1:text.rindex(')')].split('|')[1:]
        return (3, 2 if text.endswith('*') else 0, None, tuple((4, 0, n, ()) for n in names))
    model_, _ = _content_particle(text, 0)
    return model_


def _content_particle(text, i):
    if text[i] == '(':
        children = []
        kind = 6
        i += 1
        while True:
            child, i = _content_particle(text, i)
            children.append(child)
            c = text[i]
            i += 1
            if c == ')':
                break
            if c == '|':
                kind = 5
        quant = _QUANTIFIERS.get(text[i:i + 1], 0)
        return (kind, quant, None, tuple(children)), i + (1 if quant else 0)
    end = i
    while end < len(text) and text[end] not in '()|,?*+':
        end += 1
    quant = _QUANTIFIERS.get(text[end:end + 1], 0)
    return (4, quant, text[i:end], ()), end + (1 if quant else 0)


def _optional(field):
    return None if field == '-' else field[1:]


class xmlparser:
    """An expat-style parser (pyexpat.xmlparser); create one with ParserCreate()."""

    __slots__ = _HANDLERS + (
        'buffer_text', 'ordered_attributes', 'specified_attributes', 'namespace_prefixes', 'intern',
        '_buffer_size', '_encoding', '_separator', '_chunks', '_has_text', '_has_bytes', '_finished', '_base',
        '_error', '_line', '_column', '_reparse_deferral', '_foreign_dtd', '_param_entity_parsing', '__weakref__')

    def __init__(self, encoding=None, namespace_separator=None, intern=None):
        for name in _HANDLERS:
            setattr(self, name, None)
        self.buffer_text = False
        self.ordered_attributes = False
        self.specified_attributes = False
        self.namespace_prefixes = False
        self.intern = {} if intern is None else intern
        self._buffer_size = 8192
        self._encoding = encoding
        self._separator = namespace_separator
        self._chunks = []
        self._has_text = False
        self._has_bytes = False
        self._finished = False
        self._base = None
        self._error = (0, 1, 0)
        self._line = 1
        self._column = 0
        self._reparse_deferral = True
        self._foreign_dtd = False
        self._param_entity_parsing = XML_PARAM_ENTITY_PARSING_NEVER

    # -- settings and positions --

    @property
    def buffer_size(self):
        return self._buffer_size

    @buffer_size.setter
    def buffer_size(self, value):
        if not isinstance(value, int):
            raise TypeError('buffer_size must be an integer')
        if value <= 0:
            raise ValueError('buffer_size must be greater than zero')
        self._buffer_size = value

    @property
    def buffer_used(self):
        return 0

    @property
    def ErrorCode(self):
        return self._error[0]

    @property
    def ErrorLineNumber(self):
        return self._error[1] if self._error[0] else self._line

    @property
    def ErrorColumnNumber(self):
        return self._error[2] if self._error[0] else self._column

    @property
    def ErrorByteIndex(self):
        return -1

    @property
    def CurrentLineNumber(self):
        return self._line

    @property
    def CurrentColumnNumber(self):
        return self._column

    @property
    def CurrentByteIndex(self):
        return -1

    def SetBase(self, base):
        self._base = base

    def GetBase(self):
        return self._base

    def GetInputContext(self):
        return None

    def SetParamEntityParsing(self, flag):
        self._param_entity_parsing = flag
        return 1

    def UseForeignDTD(self, flag=True):
        self._foreign_dtd = bool(flag)

    def GetReparseDeferralEnabled(self):
        return self._reparse_deferral

    def SetReparseDeferralEnabled(self, enabled):
        self._reparse_deferral = bool(enabled)

    def ExternalEntityParserCreate(self, context, encoding=None):
        """A parser for an external entity's text, with this parser's handlers and settings."""
        child = xmlparser(encoding if encoding is not None else self._encoding, self._separator, self.intern)
        for name in _HANDLERS:
            setattr(child, name, getattr(self, name))
        child.buffer_text = self.buffer_text
        child.ordered_attributes = self.ordered_attributes
        child.specified_attributes = self.specified_attributes
        child.namespace_prefixes = self.namespace_prefixes
        child._base = self._base
        return child

    # -- parsing --

    def Parse(self, data, isfinal=False):
        """Collects data; parses the document, calling the handlers, when isfinal is true."""
        if self._finished:
            self._fail(_FINISHED, '%s: line %d, column %d' % (errors.messages[_FINISHED], self._line, self._column))
        if isinstance(data, str):
            if data:
                self._chunks.append(data)
                self._has_text = True
        elif data:
            self._chunks.append(bytes(data))
            self._has_bytes = True
        if isfinal:
            self._finished = True
            chunks, self._chunks = self._chunks, []
            self._run(chunks)
        return 1

    def ParseFile(self, file):
        """Reads a file object to its end and parses it."""
        read = file.read
        while True:
            data = read(self._buffer_size)
            if not data:
                break
            if not isinstance(data, (bytes, bytearray, str)):
                raise TypeError('read() did not return a bytes object (type=%s)' % type(data).__name__)
            self.Parse(data, False)
        return self.Parse(b'', True)

    def _fail(self, code, message, line=None, column=None):
        line = self._line if line is None else line
        column = self._column if column is None else column
        self._error = (code, line, column)
        err = ExpatError(message)
        err.code = code
        err.lineno = line
        err.offset = column
        raise err

    def _run(self, chunks):
        if self._has_bytes:
            # Text fed among bytes is UTF-8 (as expat does); bytes cross to the engine as a latin-1 string,
            # one character per byte.
            data = b''.join(c.encode('utf-8') if isinstance(c, str) else c for c in chunks)
            encoding = 'utf-8' if self._has_text else self._encoding
            events = _parse_document(data.decode('latin-1'), True, encoding, self._separator is not None)
        else:
            events = _parse_document(''.join(chunks), False, None, self._separator is not None)
        self._dispatch(events.split('\0') if events else [])

    def _default(self):
        handler = self.DefaultHandlerExpand
        return handler if handler is not None else self.DefaultHandler

    def _dispatch(self, f):
        n = len(f)
        i = 0
        separator = self._separator
        intern = self.intern.setdefault
        pending = []  # character data not yet delivered (buffer_text joins it across events without handlers)
        external = {}  # external entities declared: name -> (systemId, publicId)
        in_doctype = False
        standalone = -1
        declared_encoding = self._encoding
        while i < n:
            code = f[i]
            if code == 'C':
                text = f[i + 1]
                i += 2
                if self.CharacterDataHandler is not None:
                    if self.buffer_text:
                        pending.append(text)
                    else:
                        self.CharacterDataHandler(text)
                else:
                    default = self._default()
                    if default is not None:
                        default(text)
                continue
            if pending:
                handler = self.CharacterDataHandler
                if handler is not None:
                    text = ''.join(pending)
                    del pending[:]
                    handler(text)
                else:
                    del pending[:]
            if code == 'S':
                self._line = int(f[i + 1])
                self._column = max(0, int(f[i + 2]) - 1)
                name = self._name(f[i + 3], f[i + 4], f[i + 5], separator, intern)
                count = int(f[i + 6])
                i += 7
                handler = self.StartElementHandler
                if handler is None:
                    i += 5 * count
                    continue
                specified_only = self.specified_attributes
                if self.ordered_attributes:
                    attributes = []
                    for _ in range(count):
                        if not specified_only or f[i + 3] == '1':
                            attributes.append(self._name(f[i], f[i + 1], f[i + 2], separator, intern))
                            attributes.append(f[i + 4])
                        i += 5
                else:
                    attributes = {}
                    for _ in range(count):
                        if not specified_only or f[i + 3] == '1':
                            attributes[self._name(f[i], f[i + 1], f[i + 2], separator, intern)] = f[i + 4]
                        i += 5
                handler(name, attributes)
            elif code == 'e':
                self._line = int(f[i + 1])
                self._column = max(0, int(f[i + 2]) - 1)
                handler = self.EndElementHandler
                if handler is not None:
                    handler(self._name(f[i + 3], f[i + 4], f[i + 5], separator, intern))
                i += 6
            elif code == 'P':
                handler = self.StartNamespaceDeclHandler
                if handler is not None:
                    handler(_optional(f[i + 1]), _optional(f[i + 2]))
                i += 3
            elif code == 'p':
                handler = self.EndNamespaceDeclHandler
                if handler is not None:
                    handler(_optional(f[i + 1]))
                i += 2
            elif code == '!':
                handler = self.CommentHandler
                if handler is not None:
                    handler(f[i + 1])
                elif not in_doctype:
                    default = self._default()
                    if default is not None:
                        default('<!--%s-->' % f[i + 1])
                i += 2
            elif code == '?':
                handler = self.ProcessingInstructionHandler
                if handler is not None:
                    handler(f[i + 1], f[i + 2])
                else:
                    default = self._default()
                    if default is not None:
                        default('<?%s %s?>' % (f[i + 1], f[i + 2]) if f[i + 2] else '<?%s?>' % f[i + 1])
                i += 3
            elif code == '[':
                handler = self.StartCdataSectionHandler
                if handler is not None:
                    handler()
                i += 1
            elif code == ']':
                handler = self.EndCdataSectionHandler
                if handler is not None:
                    handler()
                i += 1
            elif code == '&':
                self._line = int(f[i + 2])
                self._column = int(f[i + 3])
                self._skipped_entity(f[i + 1], external)
                i += 4
            elif code == 'X':
                standalone = int(f[i + 3])
                declared_encoding = declared_encoding or _optional(f[i + 2])
                handler = self.XmlDeclHandler
                if handler is not None:
                    handler(f[i + 1], _optional(f[i + 2]), standalone)
                i += 4
            elif code == 'D':
                in_doctype = True
                name, system, public, has_subset = f[i + 1], _optional(f[i + 2]), _optional(f[i + 3]), f[i + 4] == '1'
                subset = _optional(f[i + 5])
                i += 6
                self._start_doctype(name, system, public, has_subset, subset)
                if (system is not None or public is not None) and standalone != 1:
                    handler = self.NotStandaloneHandler
                    if handler is not None and not handler():
                        self._fail(_NOT_STANDALONE, '%s: line %d, column %d'
                                   % (errors.messages[_NOT_STANDALONE], self._line, self._column))
            elif code == 'd':
                in_doctype = False
                handler = self.EndDoctypeDeclHandler
                if handler is not None:
                    handler()
                i += 1
            elif code == 'E':
                name, parameter, value = f[i + 1], f[i + 2] == '1', _optional(f[i + 3])
                system, public = _optional(f[i + 4]), _optional(f[i + 5])
                i += 6
                if system is not None and not parameter:
                    external.setdefault(name, (system, public))
                handler = self.EntityDeclHandler
                if handler is not None:
                    handler(name, int(parameter), value, self._base if value is None else None, system, public, None)
            elif code == 'U':
                name, system, public, notation = f[i + 1], f[i + 2], _optional(f[i + 3]), f[i + 4]
                i += 5
                if self.EntityDeclHandler is not None:
                    self.EntityDeclHandler(name, 0, None, self._base, system, public, notation)
                elif self.UnparsedEntityDeclHandler is not None:
                    self.UnparsedEntityDeclHandler(name, self._base, system, public, notation)
            elif code == 'N':
                handler = self.NotationDeclHandler
                if handler is not None:
                    handler(f[i + 1], self._base, _optional(f[i + 2]), _optional(f[i + 3]))
                i += 4
            elif code == 'L':
                handler = self.ElementDeclHandler
                if handler is not None:
                    handler(f[i + 1], _content_model(f[i + 2]))
                i += 3
            elif code == 'A':
                handler = self.AttlistDeclHandler
                if handler is not None:
                    handler(f[i + 1], f[i + 2], f[i + 3], _optional(f[i + 4]), int(f[i + 5]))
                i += 6
            elif code == 'F':
                error_code = int(f[i + 1])
                if error_code == _UNKNOWN_ENCODING and declared_encoding is not None:
                    # pyexpat asks Python's codecs for an encoding expat lacks, and their LookupError surfaces
                    raise LookupError('unknown encoding: %s' % (self._encoding or declared_encoding))
                self._fail(error_code, f[i + 4], int(f[i + 2]), int(f[i + 3]))
            else:
                raise SystemError('pyexpat: unexpected event %r from the engine' % code)
        if pending and self.CharacterDataHandler is not None:
            self.CharacterDataHandler(''.join(pending))

    def _name(self, qname, uri, local, separator, intern):
        if separator is None:
            return intern(qname, qname)
        if not uri:
            return intern(local, local)
        name = uri + separator + local
        if self.namespace_prefixes:
            colon = qname.find(':')
            if colon > 0:
                name = name + separator + qname[:colon]
        return intern(name, name)

    def _start_doctype(self, name, system, public, has_subset, subset):
        handler = self.StartDoctypeDeclHandler
        if handler is not None:
            handler(name, system, public, int(has_subset))
        else:
            default = self._default()
            if default is not None:
                # Expat hands an unhandled DOCTYPE to the default handler token by token (ElementTree reads them).
                default('<!DOCTYPE')
                default(' ')
                default(name)
                if public is not None:
                    for token in (' ', 'PUBLIC', ' ', '"%s"' % public, ' ', '"%s"' % (system or '')):
                        default(token)
                elif system is not None:
                    for token in (' ', 'SYSTEM', ' ', '"%s"' % system):
                        default(token)
                if not has_subset:
                    default('>')
        if has_subset and subset is not None:
            default = self._default()
            if default is not None:
                if handler is None:
                    default(' ')
                    default('[')
                default(subset)
                if handler is None:
                    default(']')
                    default('>')

    def _skipped_entity(self, name, external):
        if name in external:
            handler = self.ExternalEntityRefHandler
            if handler is not None:
                system, public = external[name]
                if not handler(name, self._base, system, public):
                    self._fail(_EXTERNAL_ENTITY_HANDLING, '%s: line %d, column %d'
                               % (errors.messages[_EXTERNAL_ENTITY_HANDLING], self._line, self._column))
                return
        elif self.SkippedEntityHandler is not None:
            parameter = name.startswith('%')
            self.SkippedEntityHandler(name[1:] if parameter else name, int(parameter))
            return
        default = self._default()
        if default is not None:
            default('&%s;' % name)


xmlparser.__module__ = 'pyexpat'
XMLParserType = xmlparser


def ParserCreate(encoding=None, namespace_separator=None, intern=None):
    """A new parser. encoding overrides the document's own; with namespace_separator (one character),
    names in a namespace are reported as uri + separator + local name."""
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError("ParserCreate() argument 'encoding' must be str or None, not %s" % type(encoding).__name__)
    if namespace_separator is not None:
        if not isinstance(namespace_separator, str):
            raise TypeError("ParserCreate() argument 'namespace_separator' must be str or None, not %s"
                            % type(namespace_separator).__name__)
        if len(namespace_separator) > 1:
            raise ValueError('namespace_separator must be at most one character, omitted, or None')
    if intern is not None and not isinstance(intern, dict):
        raise TypeError('intern must be a dictionary')
    return xmlparser(encoding, namespace_separator, intern)
