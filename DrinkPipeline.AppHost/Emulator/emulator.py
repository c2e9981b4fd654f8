"""The local AWS: moto's server, with DynamoDB's transactions made atomic and cheap.

moto 5.2.1 serves requests on many threads but does not serialize DynamoDB writes: two conditional writes can both
pass the same condition (an upload limit of 60 let 63 through under concurrency). Its TransactWriteItems also
deep-copies every table it touches to be able to roll back, which costs time in proportion to the table's size on
every transaction, and a rollback puts back the whole copy, dropping writes other threads made meanwhile; copying a
table while another thread writes to it fails ("dictionary changed size during iteration"): with 16 clients, 20 of
300 presigns (each a transaction) failed with 500 after the SDK's retries (docs/benchmarks.md).

So here every DynamoDB request holds one lock (DynamoDB is serializable per item on AWS; the emulator is one
process anyway), and a transaction snapshots only the items it writes, restoring just those when it fails. Two
per-request costs of moto's server are cut (see the end of this file).
With --data-dir FOLDER, S3 objects and DynamoDB items are kept in FOLDER and come back when their bucket or table is
created again (local_data.py); --start-empty clears FOLDER first. It also answers CloudWatch's OTLP endpoints
(telemetry_endpoints.py), and with --record-requests FILE logs every request (request_log.py). Other arguments are
moto_server's.
"""
import copy
import logging
import os
import re
import sys
import threading

_REQUIREMENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requirements.txt")


def _required_moto_version():
    with open(_REQUIREMENTS, encoding="utf-8") as requirements:
        return re.search(r"^moto\[server\]==(\S+)$", requirements.read(), re.MULTILINE).group(1)


def _refuse(problem):
    """One line saying what is wrong, one saying how to install the right moto; then stop."""
    sys.exit(f"{problem}\nInstall it with: {sys.executable} -m pip install -r {_REQUIREMENTS}")


try:
    import moto
    from moto.dynamodb import models as dynamodb_models
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler
    from moto.server import main
    import moto.backends
except ImportError as error:
    _refuse(f"moto is not installed for {sys.executable} ({error}); the emulator needs moto {_required_moto_version()}.")

# The patches below and in local_data.py reach into moto's internals as they are in the pinned version.
if moto.__version__ != _required_moto_version():
    _refuse(f"moto {moto.__version__} is installed for {sys.executable}; the emulator needs moto {_required_moto_version()} (requirements.txt).")

_lock = threading.RLock()
_call_action = DynamoHandler.call_action
_transact_write_items = DynamoDBBackend.transact_write_items


def _serialized_call_action(self):
    with _lock:
        return _call_action(self)


class _TablesNotCopied:
    """Stands in for the copy module inside moto's transaction: the tables are not copied, see _item_snapshots."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, dynamodb_models.Table) else copy.deepcopy(value, memo)


def _item_snapshots(backend, transact_items):
    snapshots = []
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        table_name = op.get("TableName")
        if op_type == "ConditionCheck" or table_name not in backend.tables:
            continue
        table = backend.tables[table_name]
        if op_type == "Put":
            key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
            if table.range_key_attr is not None:
                key[table.range_key_attr] = op["Item"][table.range_key_attr]
        else:
            key = op["Key"]
        current = backend.get_item(table_name, key)
        snapshots.append((table_name, key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
    return snapshots


def _atomic_transact_write_items(self, transact_items):
    with _lock:
        snapshots = _item_snapshots(self, transact_items)
        dynamodb_models.copy = _TablesNotCopied
        try:
            return _transact_write_items(self, transact_items)
        except Exception:
            for table_name, key, attributes in reversed(snapshots):
                if attributes is None:
                    if self.get_item(table_name, key) is not None:
                        self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, attributes, overwrite=True)
            raise
        finally:
            dynamodb_models.copy = copy


DynamoHandler.call_action = _serialized_call_action
DynamoDBBackend.transact_write_items = _atomic_transact_write_items

# moto finds the service of every request under one lock, and lists its own package folder (os.listdir and an isdir
# per service, ~150) each time: under load most request threads waited for that lock (a sampling profile of a
# 400-photo burst, docs/benchmarks.md). The folder does not change while the server runs.
_moto_modules = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: _moto_modules

# One log line per request reached the dashboard through stdout and cost ~7 % of the emulator's time; errors stay.
logging.getLogger("werkzeug").setLevel(logging.WARNING)

def _take_option(argv, name, has_value):
    """Removes --name (and its value) from argv; returns the value, True for a flag, None when absent."""
    if name not in argv:
        return None
    index = argv.index(name)
    value = argv[index + 1] if has_value else True
    del argv[index : index + (2 if has_value else 1)]
    return value


if __name__ == "__main__":
    import moto.server
    import request_log
    import telemetry_endpoints

    arguments = sys.argv[1:]
    data_dir = _take_option(arguments, "--data-dir", has_value=True)
    start_empty = _take_option(arguments, "--start-empty", has_value=False) is True
    record_to = _take_option(arguments, "--record-requests", has_value=True)
    # Innermost first: moto, the kept data, CloudWatch's OTLP endpoints, the request log (which sees every request).
    wrappers = [telemetry_endpoints.wrap]
    if data_dir is not None:
        import local_data

        wrappers.insert(0, local_data.install(data_dir, _lock, start_empty))
    if record_to is not None:
        wrappers.append(lambda application: request_log.wrap(application, record_to))

    def wrap_all(application):
        for wrap in wrappers:
            application = wrap(application)
        return application

    run_simple = moto.server.run_simple
    moto.server.run_simple = lambda host, port, application, **options: run_simple(host, port, wrap_all(application), **options)
    main(arguments)
