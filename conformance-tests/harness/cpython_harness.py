#!/usr/bin/env python3
"""Runs one aws:executeScript Python handler under CPython, for the conformance suite's differential check.

Reads one JSON request, one line, on stdin:
  {"script": str, "filename": str, "handler": str, "events": any, "context": {...},
   "maxItems": 100, "maxBytes": 102400, "aws": {"module": str}}
Writes one JSON object on stdout, one of:
  {"outcome": "ok", "truncated": bool, "payload": <the handler's result as json.dumps gives it>}
  {"outcome": "error", "stage": "load" | "handler" | "encode", "type": <exception type name>, "message": str}
  {"outcome": "skipped", "reason": str}       (the script imports something outside the standard library)

The limits mirror the action's documented ones: a returned list keeps its first maxItems items, and a
serialized payload over maxBytes (UTF-8) is only reported as truncated, because where the engine cuts
is its own choice. What the script prints is captured so it cannot corrupt this output.

With "aws" (cases with declared AWS responses), the script may import boto3 and botocore, and its AWS calls
are answered by the same hook as in the engine: "module" is the engine's _execscript_aws.py, loaded here with
a _bridge whose calls go to the Java side as lines on stdout, {"bridge": "call" | "send" | "endpoint",
"args": [...]}, each answered by one line on stdin (a JSON string: the bridge method's result).
"""
import ast
import contextlib
import importlib
import io
import json
import sys
import types

# Taken before the script runs: a script may patch json (the suite has a case doing so).
_dumps = json.dumps
_loads = json.loads
_stdin = sys.stdin
_stdout = sys.stdout

# Added to every result: in AWS mode, which botocore answered (it must be the one the engine gives scripts).
_extra = {}

# What a script may import besides the standard library when its AWS calls are answered.
_AWS_MODULES = {'boto3', 'botocore'}


class _LineBridge:
    """The engine's AwsBridge, over the harness's pipes: each call is one request line out, one answer line in."""

    def _ask(self, method, *args):
        _stdout.write(_dumps({'bridge': method, 'args': list(args)}) + '\n')
        _stdout.flush()
        line = _stdin.readline()
        if not line:
            raise SystemExit('the Java side closed the bridge')
        return _loads(line)

    def call(self, service, operation, params_json):
        return self._ask('call', service, operation, params_json)

    def send(self, method, url, headers_json, body_base64):
        return self._ask('send', method, url, headers_json, body_base64)

    def endpoint(self):
        return self._ask('endpoint')


def _refuse_network():
    """No call leaves the machine, even if the hook failed to answer one: as in the engine's sandbox, the script
    gets no sockets and no name lookups."""
    import socket

    def refuse(*args, **kwargs):
        raise OSError('the conformance harness allows no network access')

    socket.getaddrinfo = refuse
    socket.create_connection = refuse
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse


def _install_aws(aws):
    """Loads the engine's answering hook as the engine's module finder does, and applies its patches the way the
    finder does after each patched module is imported (here, before the script runs); the modules of LOADING are
    imported first, inside their context, as the engine's import guard loads them."""
    _refuse_network()
    sys.path[0:0] = aws.get('path', [])
    module = types.ModuleType('_execscript_aws')
    module.__dict__['_bridge'] = _LineBridge()
    exec(compile(aws['module'], '<execscript module _execscript_aws>', 'exec'), module.__dict__)
    sys.modules['_execscript_aws'] = module
    for name, loading in getattr(module, 'LOADING', {}).items():
        with loading():
            importlib.import_module(name)
    for name, patch in module.PATCHES.items():
        patch(importlib.import_module(name))
    _extra['botocore'] = sys.modules['botocore'].__file__


def _emit(obj, payload_text=None):
    obj = dict(obj, **_extra)
    if payload_text is None:
        sys.stdout.write(_dumps(obj))
    else:
        # The payload goes in as the text json.dumps produced, not re-encoded.
        head = _dumps(obj)[:-1]
        sys.stdout.write(head + ', "payload": ' + payload_text + '}')
    sys.stdout.write('\n')


def _imported_modules(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split('.')[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split('.')[0])
    return names


def main():
    request = _loads(_stdin.readline())
    source = request['script']
    aws = request.get('aws')
    filename = request.get('filename', '<script>')
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as exc:
        _emit({'outcome': 'error', 'stage': 'load', 'type': type(exc).__name__, 'message': str(exc)})
        return
    stdlib = getattr(sys, 'stdlib_module_names', None)
    if stdlib is not None:
        allowed = _AWS_MODULES if aws else set()
        outside = sorted(m for m in _imported_modules(tree) if m not in stdlib and m not in allowed)
        if outside:
            _emit({'outcome': 'skipped', 'reason': 'imports modules outside the standard library: ' + ', '.join(outside)})
            return
    if aws:
        _install_aws(aws)
    captured = io.StringIO()
    namespace = {'__name__': '__main__', '__file__': filename}
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        try:
            exec(compile(tree, filename, 'exec'), namespace)
        except BaseException as exc:
            _emit_error('load', exc)
            return
        fn = namespace.get(request['handler'])
        if fn is None:
            _emit_error_named('load', 'HandlerNotFound', 'no such function: ' + request['handler'])
            return
        if not callable(fn):
            _emit_error_named('load', 'HandlerNotCallable', request['handler'] + ' is not callable')
            return
        try:
            result = fn(request['events'], request['context'])
        except BaseException as exc:
            _emit_error('handler', exc)
            return
    if isinstance(result, (list, tuple)):
        result = list(result)[:request.get('maxItems', 100)]
    try:
        text = _dumps(result, ensure_ascii=False, separators=(',', ':'))
    except BaseException as exc:
        _emit_error('encode', exc)
        return
    if len(text.encode('utf-8')) > request.get('maxBytes', 102400):
        _emit({'outcome': 'ok', 'truncated': True})
        return
    _emit({'outcome': 'ok', 'truncated': False}, text)


def _emit_error(stage, exc):
    _emit_error_named(stage, type(exc).__name__, str(exc))


def _emit_error_named(stage, type_name, message):
    # The real stdout: redirect_stdout may still be active for the caller.
    sys.__stdout__.write(_dumps(dict({'outcome': 'error', 'stage': stage, 'type': type_name, 'message': message}, **_extra)) + '\n')


if __name__ == '__main__':
    main()
