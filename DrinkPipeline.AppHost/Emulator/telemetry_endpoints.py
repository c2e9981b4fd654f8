"""CloudWatch's OTLP endpoints, which moto does not serve: POST /v1/traces (X-Ray) and POST /v1/logs (CloudWatch Logs).

The services export traces and logs to them in local mode as they do on AWS, so the same exporters, signing and
headers run here. Like AWS, /v1/logs refuses a log group or stream that does not exist (the endpoint creates neither:
the stack does, and the AppHost creates the streams moto's CloudFormation skips). Nothing is kept: the dashboard is
where traces and logs are read locally.
"""
import json

from moto.core import DEFAULT_ACCOUNT_ID
from moto.logs.models import logs_backends

_PATHS = ("/v1/traces", "/v1/logs")


def _answer(start_response, status, body=b"", content_type="application/x-protobuf"):
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _missing_destination(environ):
    """Why AWS would refuse this export, or None: the named group and stream must exist."""
    group = environ.get("HTTP_X_AWS_LOG_GROUP")
    stream = environ.get("HTTP_X_AWS_LOG_STREAM")
    if not group or not stream:
        return "x-aws-log-group and x-aws-log-stream are required"
    region = _region_of(environ) or "us-east-1"
    backend = logs_backends[DEFAULT_ACCOUNT_ID][region]
    if group not in backend.groups:
        return f"The specified log group does not exist: {group}"
    if stream not in backend.groups[group].streams:
        return f"The specified log stream does not exist: {stream}"
    return None


def _region_of(environ):
    """The region of the request's SigV4 credential scope (AKID/date/region/service/aws4_request)."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    marker = "Credential="
    if marker not in authorization:
        return None
    scope = authorization.split(marker, 1)[1].split(",", 1)[0].split("/")
    return scope[2] if len(scope) >= 5 else None


def wrap(application):
    def serve(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "POST" or path not in _PATHS:
            return application(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        environ["wsgi.input"].read(length)
        if path == "/v1/logs" and (problem := _missing_destination(environ)) is not None:
            body = json.dumps({"__type": "ResourceNotFoundException", "message": problem}).encode()
            return _answer(start_response, "400 Bad Request", body, "application/json")
        return _answer(start_response, "200 OK")

    return serve
