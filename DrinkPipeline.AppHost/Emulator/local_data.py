"""Keeps the emulator's S3 objects and DynamoDB items in a folder, so local data survives a restart.

moto 5.2.1 keeps everything in memory. Here every write to S3 or DynamoDB marks what it touched, and a saver thread
writes the current state of each marked object or item once a second: an S3 object as two files, its bytes and a JSON
document of what S3 says about it (ETag, last-modified time, content type and user metadata, storage class, checksum),
a DynamoDB item as a line appended to a journal. Plain files, not moto's own objects, so another moto version can read
them. A stop of any kind (Ctrl+C,
kill, reboot) loses at most the last second. Queues are not kept (see docs/local-development.md).

Nothing is restored at start: the AppHost creates its stack on every run. When a bucket or a table of a saved name is
created again, its saved contents are put straight into it, before any request can reach it and without a bucket
notification (the AppHost applies notifications after the stack is created, and restored objects are not uploads).

POST /_local-data/reset empties every table and bucket (objects under the prefixes given as ?keep= stay) and the folder.
"""
import datetime
import glob
import hashlib
import json
import os
import shutil
import threading
import urllib.parse

from moto.dynamodb.models import DynamoDBBackend
from moto.s3.models import FakeKey, S3Backend

RESET_PATH = "/_local-data/reset"
_SAVE_INTERVAL_SECONDS = 1.0


class LocalData:
    def __init__(self, folder, dynamodb_lock):
        self.folder = folder
        self.objects_folder = os.path.join(folder, "s3")
        self.journal_path = os.path.join(folder, "dynamodb.jsonl")
        self.dynamodb_lock = dynamodb_lock
        self.dirty_objects = set()  # (backend, bucket name, key name)
        self.dirty_items = set()  # (backend, table name, key as JSON)
        self.marks = threading.Lock()
        self.saving = threading.Lock()  # the saver thread and a reset
        _start_over_if_pickled(folder)
        self.saved_items = self._compact_journal()
        os.makedirs(self.objects_folder, exist_ok=True)
        self.journal = open(self.journal_path, "a", encoding="utf-8")

    # --- Marking writes -------------------------------------------------------------------------------------------

    def mark_object(self, backend, bucket_name, key_name):
        with self.marks:
            self.dirty_objects.add((backend, bucket_name, key_name))

    def mark_item(self, backend, table_name, key):
        with self.marks:
            self.dirty_items.add((backend, table_name, json.dumps(key, sort_keys=True)))

    # --- Saving ---------------------------------------------------------------------------------------------------

    def run_saver(self):
        stop = threading.Event()
        while not stop.wait(_SAVE_INTERVAL_SECONDS):
            try:
                self.save()
            except Exception as error:  # keep saving: one bad object must not stop the rest
                print(f"local data: saving failed: {error!r}", flush=True)

    def save(self):
        with self.saving:
            with self.marks:
                objects, self.dirty_objects = self.dirty_objects, set()
                items, self.dirty_items = self.dirty_items, set()
            for backend, bucket_name, key_name in objects:
                self._save_object(backend, bucket_name, key_name)
            if items:
                with self.dynamodb_lock:
                    lines = [self._item_line(backend, table_name, key) for backend, table_name, key in items]
                # Flushed to the operating system, which keeps it through a kill of this process.
                self.journal.write("".join(lines))
                self.journal.flush()

    def _object_path(self, bucket_name, key_name):
        """The object's files without their extension: .bin (the bytes) and .json (what S3 says about them)."""
        digest = hashlib.sha256(key_name.encode("utf-8")).hexdigest()
        return os.path.join(self.objects_folder, bucket_name, digest[:2], digest)

    def _save_object(self, backend, bucket_name, key_name):
        path = self._object_path(bucket_name, key_name)
        bucket = backend.buckets.get(bucket_name)
        key = bucket.keys.get(key_name) if bucket is not None else None
        if key is None:
            for extension in (".json", ".bin"):
                if os.path.exists(path + extension):
                    os.remove(path + extension)
            return
        try:
            content = key.value
            description = _describe(key)
        except ValueError:
            # Replaced or deleted while being read: that write marked it again, the next round saves it.
            self.mark_object(backend, bucket_name, key_name)
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # The bytes first: a description on disk always has its bytes beside it.
        _write_replacing(path + ".bin", content)
        _write_replacing(path + ".json", json.dumps(description, sort_keys=True).encode("utf-8"))

    @staticmethod
    def _item_line(backend, table_name, key_json):
        item = backend.get_item(table_name, json.loads(key_json)) if table_name in backend.tables else None
        attributes = item.to_json()["Attributes"] if item is not None else None
        return json.dumps({"table": table_name, "key": key_json, "item": attributes}) + "\n"

    def _compact_journal(self):
        """Reads the journal into the last state of each item, and writes it back with only those."""
        saved = {}
        if os.path.exists(self.journal_path):
            with open(self.journal_path, encoding="utf-8") as journal:
                for line in journal:
                    try:
                        entry = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut short by a hard stop
                    saved.setdefault(entry["table"], {})[entry["key"]] = entry["item"]
        os.makedirs(self.folder, exist_ok=True)
        temporary = self.journal_path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as journal:
            for table_name, items in saved.items():
                for key, item in items.items():
                    if item is not None:
                        journal.write(json.dumps({"table": table_name, "key": key, "item": item}) + "\n")
        os.replace(temporary, self.journal_path)
        return {table: {key: item for key, item in items.items() if item is not None} for table, items in saved.items()}

    # --- Restoring ------------------------------------------------------------------------------------------------

    def restore_bucket(self, bucket):
        folder = os.path.join(self.objects_folder, bucket.name)
        count = 0
        for directory, _, files in os.walk(folder):
            for name in files:
                if not name.endswith(".json"):
                    continue
                path = os.path.join(directory, name[: -len(".json")])
                with open(path + ".json", encoding="utf-8") as file:
                    description = json.load(file)
                with open(path + ".bin", "rb") as file:
                    content = file.read()
                key = _restore(description, content, bucket)
                bucket.keys.setlist(key.name, [key])
                count += 1
        if count:
            print(f"local data: restored {count} objects into bucket {bucket.name}", flush=True)

    def restore_table(self, table):
        items = self.saved_items.get(table.name, {})
        for attributes in items.values():
            table.put_item(attributes)
        if items:
            print(f"local data: restored {len(items)} items into table {table.name}", flush=True)

    # --- Reset ----------------------------------------------------------------------------------------------------

    def reset(self, s3_backends, dynamodb_backends, sqs_backends, keep_prefixes):
        """Empties every bucket (but objects under keep_prefixes), table and queue; the saved copies go with them."""
        removed_objects = removed_items = 0
        for backend in _all(s3_backends):
            for bucket in list(backend.buckets.values()):
                for key_name in list(bucket.keys.keys()):
                    if not any(key_name.startswith(prefix) for prefix in keep_prefixes):
                        backend.delete_object(bucket.name, key_name)
                        removed_objects += 1
        with self.dynamodb_lock:
            for backend in _all(dynamodb_backends):
                for table in backend.tables.values():
                    for item in list(table.all_items()):
                        key = {table.hash_key_attr: item.attrs[table.hash_key_attr].to_json()}
                        if table.range_key_attr is not None:
                            key[table.range_key_attr] = item.attrs[table.range_key_attr].to_json()
                        backend.delete_item(table.name, key)
                        removed_items += 1
        for backend in _all(sqs_backends):
            for queue in backend.queues.values():
                queue._messages.clear()
        self.save()
        return {"objects": removed_objects, "items": removed_items}


def _describe(key):
    """What S3 answers about an object besides its bytes; the worker's If-Match and newest-wins rely on ETag and date."""
    return {
        "name": key.name,
        "etag": key.etag.strip('"'),
        "last_modified": key.last_modified.isoformat(),
        # Content type and user metadata (x-amz-meta-*), as moto keeps them.
        "metadata": dict(key.metadata),
        "storage_class": key.storage_class,
        "checksum_algorithm": key.checksum_algorithm,
        "checksum_value": key.checksum_value,
    }


def _restore(description, content, bucket):
    key = FakeKey(
        name=description["name"],
        value=content,
        account_id=bucket.account_id,
        region_name=bucket.region_name,
        storage=description["storage_class"],
        etag=description["etag"],
        bucket_name=bucket.name,
        checksum_value=description["checksum_value"],
    )
    key.last_modified = datetime.datetime.fromisoformat(description["last_modified"])
    key.set_metadata(dict(description["metadata"]), replace=True)
    key.checksum_algorithm = description["checksum_algorithm"]
    return key


def _write_replacing(path, content):
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(content)
    os.replace(temporary, path)


def _start_over_if_pickled(folder):
    """
    Launchers before 2026-12-06 kept S3 objects as pickles of moto's own classes, which another moto cannot read. Such
    a folder is started over, S3 and DynamoDB together so no item names an object that is gone, and says so.
    """
    if glob.glob(os.path.join(folder, "s3", "**", "*.pickle"), recursive=True):
        print(f"local data: {folder} was written by an older launcher (pickled objects); starting over with an empty folder", flush=True)
        shutil.rmtree(folder)


def _all(backend_dict):
    for account in backend_dict.values():
        yield from account.values()


def install(folder, dynamodb_lock, start_empty):
    """Hooks moto's S3 and DynamoDB backends to the folder; returns a WSGI wrapper that serves the reset endpoint."""
    if start_empty and os.path.isdir(folder):
        shutil.rmtree(folder)
    data = LocalData(folder, dynamodb_lock)

    def marking_object(method, key_of):
        def wrapper(self, *args, **kwargs):
            result = method(self, *args, **kwargs)
            for bucket_name, key_name in key_of(*args, **kwargs):
                data.mark_object(self, bucket_name, key_name)
            return result

        return wrapper

    S3Backend.put_object = marking_object(S3Backend.put_object, lambda bucket_name, key_name, *a, **k: [(bucket_name, key_name)])
    S3Backend.delete_object = marking_object(S3Backend.delete_object, lambda bucket_name, key_name, *a, **k: [(bucket_name, key_name)])
    S3Backend.delete_objects = marking_object(
        S3Backend.delete_objects, lambda bucket_name, objects, *a, **k: [(bucket_name, entry["Key"]) for entry in objects])
    S3Backend.copy_object = marking_object(
        S3Backend.copy_object, lambda src_key, dest_bucket_name, dest_key_name, *a, **k: [(dest_bucket_name, dest_key_name)])

    # Metadata and content type are set on the object after put_object returns: the saver reads it a moment later.

    def restoring(method, restore):
        def wrapper(self, *args, **kwargs):
            created = method(self, *args, **kwargs)
            restore(created)
            return created

        return wrapper

    S3Backend.create_bucket = restoring(S3Backend.create_bucket, data.restore_bucket)
    DynamoDBBackend.create_table = restoring(DynamoDBBackend.create_table, data.restore_table)

    def item_key(backend, table_name, attributes):
        table = backend.get_table(table_name)
        key = {table.hash_key_attr: attributes[table.hash_key_attr]}
        if table.range_key_attr is not None:
            key[table.range_key_attr] = attributes[table.range_key_attr]
        return key

    def marking_item(method, key_of):
        def wrapper(self, table_name, item_or_key, *args, **kwargs):
            result = method(self, table_name, item_or_key, *args, **kwargs)
            data.mark_item(self, table_name, key_of(self, table_name, item_or_key))
            return result

        return wrapper

    DynamoDBBackend.put_item = marking_item(DynamoDBBackend.put_item, item_key)
    DynamoDBBackend.update_item = marking_item(DynamoDBBackend.update_item, lambda backend, table_name, key: key)
    DynamoDBBackend.delete_item = marking_item(DynamoDBBackend.delete_item, lambda backend, table_name, key: key)

    threading.Thread(target=data.run_saver, name="local-data-saver", daemon=True).start()

    def wrap(application):
        def serve(environ, start_response):
            if environ.get("PATH_INFO") != RESET_PATH or environ.get("REQUEST_METHOD") != "POST":
                return application(environ, start_response)
            from moto.dynamodb.models import dynamodb_backends
            from moto.s3.models import s3_backends
            from moto.sqs.models import sqs_backends

            keep = urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).get("keep", [])
            removed = data.reset(s3_backends, dynamodb_backends, sqs_backends, keep)
            body = json.dumps(removed).encode("utf-8")
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]

        return serve

    return wrap
