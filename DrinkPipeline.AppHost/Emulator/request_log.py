"""With --record-requests FILE, one JSON line per request the emulator answers, for the integration tests' IAM check
(tests/DrinkPipeline.IntegrationTests/Iam): who signed it (the access key), what it asked (method, path, query, the
headers and body fields that name the operation and its resources) and the status answered. An STS AssumeRole also
records the access key it handed out, so each later request maps to the role it was made as. No object's bytes are
kept: of an S3 POST (a browser's presigned form, a multi-object delete) only the form's text fields or the XML are,
and a PUT's body is not even read.
"""
import io
import json
import re
import threading
import time
from urllib.parse import parse_qs

_HEADERS = ("HTTP_X_AMZ_TARGET", "HTTP_X_AMZ_COPY_SOURCE", "HTTP_X_AWS_LOG_GROUP", "HTTP_X_AWS_LOG_STREAM", "CONTENT_TYPE")
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/[^/]+/([^/]+)/([^/]+)/aws4_request")
_FORM_FIELD = re.compile(rb'Content-Disposition: form-data; name="?([^";\r\n]+)"?\r\n(?:Content-Type: [^\r\n]*\r\n)?\r\n(.*?)\r\n--', re.DOTALL | re.IGNORECASE)
_ASSUMED_KEY = re.compile(r"<AccessKeyId>([^<]+)</AccessKeyId>")


def _signer(environ, query, form):
    """(access key, service) of the SigV4 signature: header, presigned URL, or presigned POST form."""
    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match:
        return match.group(1), match.group(3)
    fields = {name.lower(): value for name, value in form.items()}
    credential = (query.get("X-Amz-Credential") or [None])[0] or fields.get("x-amz-credential")
    if credential:
        parts = credential.split("/")
        return parts[0], parts[3] if len(parts) >= 5 else None
    return None, None


def _form_fields(body):
    """The text fields of a multipart form, without its file."""
    fields = {}
    # A file part's disposition goes on with "; filename=", so the pattern passes over it.
    for name, value in _FORM_FIELD.findall(body):
        fields[name.decode("utf-8", "replace")] = value[:2048].decode("utf-8", "replace")
    return fields


def _is_telemetry(environ):
    """OTLP bodies are protobuf: their headers name the destination."""
    return environ.get("PATH_INFO", "").startswith("/v1/")


def wrap(application, path):
    lock = threading.Lock()
    log = open(path, "a", encoding="utf-8")

    def record(environ, start_response):
        body = None
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("CONTENT_LENGTH"):
            body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
            environ["wsgi.input"] = io.BytesIO(body)
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        content_type = environ.get("CONTENT_TYPE", "")
        form = _form_fields(body) if body is not None and content_type.startswith("multipart/form-data") else {}
        key, service = _signer(environ, query, form)
        entry = {
            "time": time.time(),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO", ""),
            "query": environ.get("QUERY_STRING", ""),
            "accessKey": key,
            "service": service,
            "headers": {name: environ[name] for name in _HEADERS if name in environ},
            "form": form or None,
            "body": None if body is None or form or _is_telemetry(environ) else body[:65536].decode("utf-8", "replace"),
        }
        status = []

        def start(status_line, headers, exc_info=None):
            status.append(int(status_line.split(" ", 1)[0]))
            return start_response(status_line, headers, exc_info)

        result = application(environ, start)
        if service == "sts":
            result = [b"".join(result)]
            if match := _ASSUMED_KEY.search(result[0].decode("utf-8", "replace")):
                entry["issuedAccessKey"] = match.group(1)
        entry["status"] = status[0] if status else None
        with lock:
            log.write(json.dumps(entry) + "\n")
            log.flush()
        return result

    return record
