"""AWS calls of botocore answered by the engine (execscript): every client a script creates asks the engine
before each call. The engine answers from the declared responses (the parsed dict boto3 returns, or the error
botocore raises), or lets the request go to the configured endpoint, which the host (Java) sends on the
script's behalf; the guest itself has no sockets. The engine records every call.

The sandbox's import guard (sandbox_guards.py) runs PATCHES right after botocore.session, botocore.waiter and botocore.loaders
are imported; `_bridge` is set by the engine's module finder (module_finder.py) before this module runs.
"""

import base64 as _base64
import json as _json

_bridge = globals().get('_bridge')


class AwsCallNotAnswered(BaseException):
    """Raised where a script's AWS call has no answer. A BaseException, as SystemExit is: the step fails
    whatever the script catches (the engine fails it in any case)."""


def _jsonable(value):
    import datetime
    if isinstance(value, (bytes, bytearray)):
        try:
            text = bytes(value).decode('utf-8')
            return text if len(text) <= 4096 else '<%d bytes>' % len(value)
        except UnicodeDecodeError:
            return '<%d bytes>' % len(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, 'read'):
        return '<stream>'
    try:
        import decimal
        if isinstance(value, decimal.Decimal):
            return float(value)
    except ImportError:
        pass
    return repr(value)


def _convert(value, shape):
    """A declared response value as botocore would have parsed it: timestamps as datetimes, blobs as
    bytes, streaming payloads as a StreamingBody."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == 'structure' and isinstance(value, dict):
        members = shape.members
        return {k: _convert(v, members.get(k)) for k, v in value.items()}
    if kind == 'list' and isinstance(value, list):
        return [_convert(v, shape.member) for v in value]
    if kind == 'map' and isinstance(value, dict):
        return {k: _convert(v, shape.value) for k, v in value.items()}
    if kind == 'timestamp' and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        from botocore.utils import parse_timestamp
        return parse_timestamp(value)
    if kind == 'blob' and isinstance(value, str):
        data = value.encode('utf-8')
        if shape.serialization.get('streaming'):
            import io
            from botocore.response import StreamingBody
            return StreamingBody(io.BytesIO(data), len(data))
        return data
    return value


def _metadata(status, headers=None, retries=0):
    return {'RequestId': 'execscript-local', 'HTTPStatusCode': status, 'HTTPHeaders': dict(headers or {}),
            'RetryAttempts': retries}


class _RawBody:
    """The body of an answer, as botocore reads a urllib3 response: all at once or streamed."""

    def __init__(self, data):
        import io
        self._data = data
        self._stream = io.BytesIO(data)

    def stream(self, **kwargs):
        yield self._data

    def read(self, *args, **kwargs):
        return self._stream.read(*args)

    def close(self):
        pass


def _install(bridge):
    def provide_client_params(params, model, context, **kwargs):
        # The parameters as the script gave them: before botocore's own before-parameter-build handlers add or
        # rewrite some (EncodingType=url for S3 listings, a file object for a str Body, base64 UserData).
        try:
            context['_execscript_params'] = _json.dumps(params, default=_jsonable)
        except (TypeError, ValueError):
            context['_execscript_params'] = '{}'

    def answer(model, params, context, retries):
        """One attempt of a call: None (send it), or botocore's (http response, parsed dict) and whether it is an error."""
        from botocore.awsrequest import AWSResponse
        service = model.service_model.service_name
        answer = _json.loads(bridge.call(service, model.name, context.get('_execscript_params', '{}')))
        kind = answer.get('kind')
        if kind == 'send':
            return None
        url = params.get('url', '') if isinstance(params, dict) else ''
        if kind == 'response':
            parsed = _convert(answer['response'], model.output_shape) if model.output_shape is not None else {}
            parsed.setdefault('ResponseMetadata', _metadata(200, retries=retries))
            return (AWSResponse(url, 200, {}, _RawBody(b'')), parsed), False
        if kind == 'error':
            status = answer['status']
            parsed = {'Error': {'Code': answer['code'], 'Message': answer['message']},
                      'ResponseMetadata': _metadata(status, retries=retries)}
            return (AWSResponse(url, status, {}, _RawBody(b'')), parsed), True
        raise AwsCallNotAnswered(answer.get('message', 'the call has no answer'))

    def answer_with_retries(client):
        """An error answer goes through the client's own retry handler (its retries config: mode, max_attempts), as
        botocore's endpoint does with an error from AWS: a throttling or 5xx error is retried, each attempt taking the
        next answer, and RetryAttempts/MaxAttemptsReached say so. Without the delay: declared answers do not change
        with time (as for waiters)."""
        def before_call(model, params, context, **kwargs):
            retries = 0
            while True:
                answered = answer(model, params, context, retries)
                if answered is None:
                    return None
                response, is_error = answered
                if not is_error:
                    return response
                service_id = model.service_model.service_id.hyphenize()
                from botocore.hooks import first_non_none_response
                delay = first_non_none_response(client.meta.events.emit(
                    'needs-retry.%s.%s' % (service_id, model.name), response=response, endpoint=client._endpoint,
                    operation=model, attempts=retries + 1, caught_exception=None, request_dict=params))
                if delay is None:
                    return response
                retries += 1
        return before_call

    def before_send(request, **kwargs):
        from botocore.awsrequest import AWSResponse
        body = request.body
        if body is None:
            data = b''
        elif isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        elif isinstance(body, str):
            data = body.encode('utf-8')
        else:
            data = body.read()
            if isinstance(data, str):
                data = data.encode('utf-8')
        headers = {}
        for name, value in request.headers.items():
            headers[name] = value.decode('latin-1') if isinstance(value, bytes) else str(value)
        reply = _json.loads(bridge.send(request.method, request.url, _json.dumps(headers),
                                        _base64.b64encode(data).decode('ascii')))
        if 'refused' in reply:
            # Not the endpoint: the request goes the ordinary way and meets the sandbox's network refusal.
            return None
        if 'unreachable' in reply:
            from botocore.exceptions import EndpointConnectionError
            raise EndpointConnectionError(endpoint_url=request.url, error=reply['unreachable'])
        content = _base64.b64decode(reply['body'])
        return AWSResponse(request.url, reply['status'], reply['headers'], _RawBody(content))

    def answer_calls(client):
        events = client.meta.events
        events.register_first('provide-client-params', provide_client_params, unique_id='execscript-params')
        events.register_first('before-call', answer_with_retries(client), unique_id='execscript-answer')
        events.register_first('before-send', before_send, unique_id='execscript-send')
        return client

    return answer_calls, bridge


_answer_calls, _endpoint_bridge = _install(_bridge)


def _patch_session(session_module):
    """Every client of every session asks the engine before each call; in endpoint mode, clients are made
    for the endpoint (signed for it) unless the script names its own endpoint_url."""
    session_class = session_module.Session
    create_client = session_class.create_client
    answer_calls = _answer_calls
    bridge = _endpoint_bridge

    def create_answered_client(self, service_name, *args, **kwargs):
        if len(args) < 5 and kwargs.get('endpoint_url') is None:
            endpoint = bridge.endpoint()
            if endpoint:
                kwargs['endpoint_url'] = endpoint
                if service_name == 's3' and kwargs.get('config') is None and len(args) < 9:
                    from botocore.config import Config
                    kwargs['config'] = Config(s3={'addressing_style': 'path'})
        return answer_calls(create_client(self, service_name, *args, **kwargs))

    create_answered_client.__doc__ = create_client.__doc__
    create_answered_client.__wrapped__ = create_client
    session_class.create_client = create_answered_client
    # botocore.session has imported botocore.client and botocore.regions.
    import sys
    _share_client_parts(sys.modules.get('botocore.client'), sys.modules.get('botocore.endpoint_provider'))


def _share_client_parts(client_module, provider_module):
    """botocore builds every client from scratch: a ServiceModel (whose operation and shape objects are then made
    anew on first use), the client class's methods (one per operation, with its docstring object), and the endpoint
    ruleset's parsed rules. In GraalPy that is most of a further client's cost (30-40 ms of CPU for SSM, against
    2-3 ms in CPython). What is shared here is what botocore only reads after making it, derived from the same
    loaded data: the ServiceModel per loader, service and API version (while the loader returns the same model
    object); the methods per ServiceModel and event emitter (each client still gets a class of its own, made
    after the creating-client-class event, with a fresh attribute dict for that event's handlers); the parsed
    ruleset per ruleset and partition data object. Region, config, credentials, endpoint and event hooks stay
    each client's own: none of them goes into what is shared. The caches live in the context's own objects: a
    context never sees another's."""
    if client_module is None:
        return
    import weakref
    creator = client_module.ClientCreator
    service_model_class = getattr(client_module, 'ServiceModel', None)
    load_service_model = getattr(creator, '_load_service_model', None)
    create_methods = getattr(creator, '_create_methods', None)
    if service_model_class is None or load_service_model is None or create_methods is None:
        return
    by_loader = weakref.WeakKeyDictionary()

    def loader_cache(loader):
        try:
            cache = by_loader.get(loader)
            if cache is None:
                cache = by_loader[loader] = {}
            return cache
        except TypeError:
            return None

    def shared_service_model(self, service_name, api_version=None):
        cache = loader_cache(self._loader)
        if cache is None:
            return load_service_model(self, service_name, api_version)
        json_model = self._loader.load_service_model(service_name, 'service-2', api_version=api_version)
        key = ('service-2', service_name, api_version)
        held = cache.get(key)
        if held is not None and held[0] is json_model:
            return held[1]
        service_model = service_model_class(json_model, service_name=service_name)
        cache[key] = (json_model, service_model)
        return service_model

    def shared_methods(self, service_model):
        cache = loader_cache(self._loader)
        if cache is None:
            return create_methods(self, service_model)
        key = ('methods', id(service_model))
        held = cache.get(key)
        if held is not None and held[0] is service_model and held[1] is self._event_emitter:
            return dict(held[2])
        methods = create_methods(self, service_model)
        cache[key] = (service_model, self._event_emitter, dict(methods))
        return methods

    shared_service_model.__wrapped__ = load_service_model
    shared_methods.__wrapped__ = create_methods
    creator._load_service_model = shared_service_model
    creator._create_methods = shared_methods
    if provider_module is not None:
        _share_rulesets(provider_module.EndpointProvider)


def _share_rulesets(provider_class):
    """An EndpointProvider per ruleset and partition data object: parsing a service's ruleset into rule objects is
    the bulk of making one, and a provider only evaluates them (its results are cached per provider and parameters
    anyway). Keyed by the identity of the data the loader keeps, which it holds alive."""
    import weakref
    original_init = provider_class.__init__
    providers = {}
    made = weakref.WeakSet()

    def __new__(cls, ruleset_data=None, partition_data=None, *args, **kwargs):
        if cls is not provider_class or args or kwargs:
            return object.__new__(cls)
        key = (id(ruleset_data), id(partition_data))
        held = providers.get(key)
        if held is not None and held[0] is ruleset_data and held[1] is partition_data:
            return held[2]
        provider = object.__new__(cls)
        original_init(provider, ruleset_data, partition_data)
        made.add(provider)
        if len(providers) >= 256:
            providers.clear()
        providers[key] = (ruleset_data, partition_data, provider)
        return provider

    def __init__(self, *args, **kwargs):
        if self in made:
            return
        original_init(self, *args, **kwargs)

    __init__.__wrapped__ = original_init
    provider_class.__new__ = __new__
    provider_class.__init__ = __init__


def _patch_waiter(waiter_module):
    """Waiters poll with sleeps of their model's Delay (15 s for EC2): with declared responses the state
    does not change between polls by itself, so the wait is skipped. Against an endpoint they sleep."""
    import time as _time
    bridge = _endpoint_bridge

    class _WaiterTime:
        def __getattr__(self, name):
            return getattr(_time, name)

        @staticmethod
        def sleep(seconds):
            if bridge.endpoint():
                _time.sleep(seconds)

    waiter_module.time = _WaiterTime()


def _patch_loaders(loaders_module):
    """botocore reads its service models with json.loads(..., object_pairs_hook=OrderedDict), which makes GraalPy
    build every object in Python instead of its built-in scanner: measured 5x slower on EC2's 2.7 MB model, 10-35%
    of creating a client. The loader's `json` drops that hook: plain dicts keep the order too (Python 3.7+), and
    botocore only reads them."""

    class _ScannerJson:
        def __getattr__(self, name):
            return getattr(_json, name)

        @staticmethod
        def loads(text, object_pairs_hook=None, **kwargs):
            return _json.loads(text, **kwargs)

    loaders_module.json = _ScannerJson()
    _list_services_once(loaders_module)


def _list_services_once(loaders_module):
    """A client's creation asks the loader which services have a 'service-2' model, then which have an
    'endpoint-rule-set-1': botocore answers each by listing every service directory of every data path again (337
    directories in botocore 1.29: in the sandbox each directory listing and check is a call into the host's file
    system, 35-40 ms of CPU per kind without the JIT). The directories and their API versions are listed once per
    loader and data path here; which versions hold a model of the kind asked is checked as botocore does, so the
    answer is the same list."""
    import os
    import weakref
    loader_class = getattr(loaders_module, 'Loader', None)
    instance_cache = getattr(loaders_module, 'instance_cache', None)
    listed = getattr(loader_class, 'list_available_services', None)
    if instance_cache is None or listed is None:
        return
    listings = weakref.WeakKeyDictionary()

    def service_directories(loader, possible_path):
        try:
            by_path = listings.get(loader)
            if by_path is None:
                by_path = listings[loader] = {}
        except TypeError:
            by_path = {}
        found = by_path.get(possible_path)
        if found is None:
            found = []
            for service_name in os.listdir(possible_path):
                full_dirname = os.path.join(possible_path, service_name)
                if os.path.isdir(full_dirname):
                    found.append((service_name, full_dirname, os.listdir(full_dirname)))
            by_path[possible_path] = found
        return found

    def list_available_services(self, type_name):
        services = set()
        for possible_path in self._potential_locations():
            for service_name, full_dirname, api_versions in service_directories(self, possible_path):
                for api_version in api_versions:
                    if self.file_loader.exists(os.path.join(full_dirname, api_version, type_name)):
                        services.add(service_name)
                        break
        return sorted(services)

    list_available_services.__doc__ = listed.__doc__
    cached = instance_cache(list_available_services)
    cached.__wrapped__ = listed
    loader_class.list_available_services = cached


class _ExceptionsWithoutRequests:
    """While botocore.exceptions loads: Debian's botocore imports the whole of `requests` there (chardet,
    charset_normalizer, idna, http.cookiejar: about 90 modules, 0.15-0.2 s of CPU in a new context without the
    JIT) only to derive four of its exceptions from requests' classes. botocore as AWS runs it (upstream, whose
    `botocore.vendored.requests` holds just those exception classes) imports none of it. So while the module
    loads, `requests` is a stand-in holding upstream's vendored exception classes (and the real urllib3, which
    botocore imports anyway); once it has loaded the stand-in is gone from sys.modules, and a script that
    imports requests gets the real package. Nothing happens if requests was imported already."""

    _NAMES = ('requests', 'requests.exceptions', 'requests.packages')

    def __enter__(self):
        import sys
        self._stand_ins = None
        if any(name in sys.modules for name in self._NAMES):
            return self
        import types
        import urllib3
        exceptions = types.ModuleType('requests.exceptions')
        exec(compile(_VENDORED_REQUESTS_EXCEPTIONS, '<botocore.vendored.requests.exceptions>', 'exec'),
             {'__name__': 'botocore.vendored.requests.exceptions', 'BaseHTTPError': urllib3.exceptions.HTTPError,
              '_into': exceptions.__dict__})
        packages = types.ModuleType('requests.packages')
        packages.urllib3 = urllib3
        requests = types.ModuleType('requests')
        requests.exceptions = exceptions
        requests.packages = packages
        self._stand_ins = {'requests': requests, 'requests.exceptions': exceptions, 'requests.packages': packages}
        sys.modules.update(self._stand_ins)
        return self

    def __exit__(self, *exc_info):
        import sys
        for name, stand_in in (self._stand_ins or {}).items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
        return False


# The exception classes of upstream botocore's botocore/vendored/requests/exceptions.py (as in botocore 1.29),
# defined into the stand-in module's namespace (_into).
_VENDORED_REQUESTS_EXCEPTIONS = """
class RequestException(IOError):
    def __init__(self, *args, **kwargs):
        response = kwargs.pop('response', None)
        self.response = response
        self.request = kwargs.pop('request', None)
        if (response is not None and not self.request and hasattr(response, 'request')):
            self.request = self.response.request
        super(RequestException, self).__init__(*args, **kwargs)
class HTTPError(RequestException):
    pass
class ConnectionError(RequestException):
    pass
class ProxyError(ConnectionError):
    pass
class SSLError(ConnectionError):
    pass
class Timeout(RequestException):
    pass
class ConnectTimeout(ConnectionError, Timeout):
    pass
class ReadTimeout(Timeout):
    pass
class URLRequired(RequestException):
    pass
class TooManyRedirects(RequestException):
    pass
class MissingSchema(RequestException, ValueError):
    pass
class InvalidSchema(RequestException, ValueError):
    pass
class InvalidURL(RequestException, ValueError):
    pass
class ChunkedEncodingError(RequestException):
    pass
class ContentDecodingError(RequestException, BaseHTTPError):
    pass
class StreamConsumedError(RequestException, TypeError):
    pass
class RetryError(RequestException):
    pass
_into.update((k, v) for k, v in list(globals().items()) if isinstance(v, type))
"""


def warm_up():
    """For a pooled context whose policy pre-imports boto3: what a context's first client pays once (boto3's default
    session and its components, the data files every client reads, the client creator's shared parts), paid by the
    pool ahead of the run, so that the script's first client costs only its own service (measured in the sandbox:
    SSM's first client 0.24-0.42 s of CPU cold, 0.12-0.14 s after this). The session is the one boto3.client()
    would create from the same environment; no call is made."""
    import boto3
    boto3.setup_default_session()
    session = boto3.DEFAULT_SESSION._session
    loader = session.get_component('data_loader')
    for name in ('endpoints', 'partitions', 'sdk-default-configuration', '_retry'):
        try:
            loader.load_data(name)
        except Exception:
            pass
    session.create_client('sts')


PATCHES = {'botocore.session': _patch_session, 'botocore.waiter': _patch_waiter, 'botocore.loaders': _patch_loaders}
# What a module loads inside (a context manager per load), for the modules named.
LOADING = {'botocore.exceptions': _ExceptionsWithoutRequests}
