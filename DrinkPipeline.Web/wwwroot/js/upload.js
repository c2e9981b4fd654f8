// Upload page: one row per photo (dropped, pasted or picked). Each row asks this site's backend for a presigned form,
// posts the file straight to S3 with a progress bar, then waits for the upload's outcome (pushed by the server, or
// polled) until the worker has accepted or rejected the photo.
import { attachCombobox } from './combobox.js';
import { preparePhoto } from './prepare.js';
import { queue } from './queue.js';

const form = document.getElementById('upload-form');
const batchBar = document.getElementById('batch-bar');
const fileInput = document.getElementById('file');
const dropzone = document.getElementById('dropzone');
const list = document.getElementById('upload-list');
const rowTemplate = document.getElementById('upload-row');
const uploadButton = document.getElementById('upload-button');
const formMessage = document.getElementById('form-message');

const acceptedTypes = new Set(fileInput.accept.split(','));
const maxBytes = Number(fileInput.dataset.maxBytes);
const preparation = { maxSide: Number(fileInput.dataset.preparedLongSide), quality: Number(fileInput.dataset.preparedQuality) };
const lastBarKey = 'drinkpipeline.lastBar';
const terminal = new Set(['ready', 'rejected', 'failed']);
const parallelUploads = 3;
const pollIntervalMs = 1000;
const pollAttempts = 120;
// Waits before trying again after the network failed; a returning signal ('online') tries at once.
const retryDelaysMs = [2000, 5000, 10000, 30000];
// A form this close to its end is not used: the post could arrive after it.
const formMarginMs = 30000;
// Some systems give HEIC and AVIF files no type; the extension is then the only hint.
const typesByExtension = { heic: 'image/heic', heif: 'image/heic', avif: 'image/avif' };

const uploads = new Map();
let nextRowId = 0;

class UploadError extends Error {
  // transient: the network failed, not the request; the row waits for a signal and tries again by itself.
  constructor(message, { transient = false } = {}) {
    super(message);
    this.transient = transient;
  }
}

const lostSignal = () => new UploadError('No connection.', { transient: true });

function formatSize(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

function typeOf(file) {
  const type = file.type === 'image/heif' ? 'image/heic' : file.type;
  return type || typesByExtension[file.name.split('.').pop().toLowerCase()] || '';
}

function checkFile(file) {
  if (!acceptedTypes.has(typeOf(file))) {
    return `“${file.name}” is not a JPEG, PNG, WebP, GIF, HEIC or AVIF image.`;
  }
  if (file.size === 0) {
    return `“${file.name}” is empty.`;
  }
  if (file.size > maxBytes) {
    return `“${file.name}” is ${formatSize(file.size)}; photos can be up to ${formatSize(maxBytes)}.`;
  }
  return null;
}

function describeProblem(problem) {
  if (problem && problem.errors) {
    return Object.values(problem.errors).flat().join(' ');
  }
  return (problem && (problem.detail || problem.title)) || 'Something went wrong. Please try again.';
}

// The row's one button: remove it before upload, cancel the transfer, dismiss once finished.
const actions = {
  new: 'Remove', invalid: 'Remove', uploading: 'Cancel', waiting: 'Cancel', processing: null,
  ready: 'Dismiss', rejected: 'Dismiss', failed: 'Dismiss', error: 'Dismiss', cancelled: 'Dismiss',
};

function setStatus(upload, status, message) {
  upload.row.dataset.status = status;
  upload.status.textContent = message;
  const action = actions[status];
  upload.button.hidden = action === null;
  if (action) {
    upload.button.textContent = action;
    upload.button.setAttribute('aria-label', `${action} ${upload.file.name}`);
  }
  upload.retryButton.hidden = status !== 'waiting';
  const locked = status !== 'new';
  upload.bar.disabled = locked;
  upload.drink.disabled = locked;
  refreshUploadButton();
}

function refreshUploadButton() {
  const waiting = [...uploads.values()].filter((upload) => upload.row.dataset.status === 'new').length;
  uploadButton.hidden = waiting === 0;
  uploadButton.textContent = waiting === 1 ? 'Upload 1 photo' : `Upload ${waiting} photos`;
}

function addRow(file) {
  const id = nextRowId++;
  const row = rowTemplate.content.firstElementChild.cloneNode(true);
  for (const input of row.querySelectorAll('input[data-name]')) {
    input.id = `${input.dataset.name}-${id}`;
  }
  for (const label of row.querySelectorAll('label[data-for]')) {
    label.htmlFor = `${label.dataset.for}-${id}`;
  }

  const upload = {
    file,
    row,
    bar: row.querySelector('[data-name="bar"]'),
    drink: row.querySelector('[data-name="drink"]'),
    progress: row.querySelector('progress'),
    status: row.querySelector('.row-status'),
    button: row.querySelector('.cancel'),
    retryButton: row.querySelector('.retry'),
    image: row.querySelector('.preview'),
    abort: null,
    sent: null, // the file as it goes up: prepared in the page, or the original (see prepare.js)
    cancelled: false,
  };
  row.querySelector('.file-name').textContent = `${file.name} · ${formatSize(file.size)}`;
  upload.image.src = URL.createObjectURL(file);
  // Browsers cannot preview every accepted type (HEIC); the row then shows a plain tile.
  upload.image.addEventListener('error', () => {
    URL.revokeObjectURL(upload.image.src);
    upload.image.classList.add('no-preview');
    upload.image.src = '/img/no-preview.svg';
  }, { once: true });
  upload.bar.value = batchBar.value.trim();
  upload.bar.addEventListener('input', () => { upload.bar.dataset.edited = 'true'; });
  upload.button.addEventListener('click', () => onRowAction(upload));
  upload.retryButton.addEventListener('click', () => upload.retryNow?.());

  uploads.set(row, upload);
  list.append(row);
  const problem = checkFile(file);
  if (problem) {
    setStatus(upload, 'invalid', problem);
  } else {
    setStatus(upload, 'new', 'Ready to upload.');
  }
  return upload;
}

function addFiles(files) {
  formMessage.textContent = '';
  const added = [...files].map(addRow);
  added.find((upload) => upload.row.dataset.status === 'new')?.drink.focus();
}

// Kept in the browser's queue from the moment it is sent until its outcome is known (see queue.js). A cancelled
// photo is not put back (the queue runs its writes in order, so Cancel's removal wins over one already under way).
function remember(upload) {
  if (upload.cancelled) {
    return Promise.resolve();
  }
  upload.queueId ??= `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return queue.put({
    id: upload.queueId,
    file: upload.file,
    sent: upload.sent,
    bar: upload.bar.value.trim(),
    drink: upload.drink.value.trim(),
    ticket: upload.ticket ?? null,
  });
}

function forget(upload) {
  return upload.queueId ? queue.remove(upload.queueId) : Promise.resolve();
}

function removeRow(upload) {
  forget(upload);
  URL.revokeObjectURL(upload.image.src);
  uploads.delete(upload.row);
  upload.row.remove();
  refreshUploadButton();
}

function onRowAction(upload) {
  if (upload.row.dataset.status === 'uploading' || upload.row.dataset.status === 'waiting') {
    upload.cancelled = true;
    upload.abort?.();
    upload.stopWaiting?.();
    forget(upload);
    upload.progress.value = 0;
    setStatus(upload, 'cancelled', 'Cancelled. The photo was not uploaded.');
  } else {
    removeRow(upload);
    (uploadButton.hidden ? fileInput : uploadButton).focus();
  }
}

// The antiforgery token for the page's posts, fetched fresh instead of taken from the page: a page opened from the
// service worker's copy, or kept open for long, carries one whose cookie may be gone. Asked for as the page opens and
// again when the server says it is stale (StaleFormTokens.cs).
const staleFormToken = '/problems/stale-form-token';
let formToken = null;

function fetchFormToken() {
  const request = fetch('?handler=FormToken', { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
    .then((body) => body.token);
  formToken = request;
  // A failure (no signal yet) is tried again by the next upload that needs the token.
  request.catch(() => {
    if (formToken === request) {
      formToken = null;
    }
  });
  return request;
}

async function requestUpload(upload, { tokenRefreshed = false } = {}) {
  const controller = new AbortController();
  upload.abort = () => controller.abort();
  let response;
  try {
    const token = await (formToken ?? fetchFormToken());
    response = await fetch('?handler=Presign', {
      method: 'POST',
      signal: controller.signal,
      headers: { 'Content-Type': 'application/json', RequestVerificationToken: token },
      body: JSON.stringify({
        barName: upload.bar.value.trim(),
        drinkName: upload.drink.value.trim(),
        fileName: upload.sent.name,
        contentType: typeOf(upload.sent),
        contentLength: upload.sent.size,
      }),
    });
  } catch (error) {
    throw upload.cancelled ? error : lostSignal();
  }
  const body = await response.json().catch(() => null);
  if (body?.type === staleFormToken && !tokenRefreshed) {
    fetchFormToken();
    return requestUpload(upload, { tokenRefreshed: true });
  }
  if (!response.ok) {
    // A gateway's 502–504 is the way there, not the request.
    throw new UploadError(describeProblem(body), { transient: response.status >= 502 && response.status <= 504 });
  }
  return body;
}

function postToStorage(upload, ticket) {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(ticket.fields)) {
      data.append(name, value);
    }
    data.append('file', upload.sent); // S3 requires the file to be the last field.

    const request = new XMLHttpRequest();
    upload.abort = () => request.abort();
    request.open(ticket.method, ticket.url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) {
        upload.progress.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        upload.progress.value = 100;
        resolve();
      } else if (request.status >= 500) {
        reject(lostSignal());
      } else {
        reject(new UploadError(`The storage service refused the file (HTTP ${request.status}).`));
      }
    });
    request.addEventListener('error', () => reject(lostSignal()));
    request.addEventListener('abort', () => reject(new UploadError('Cancelled.')));
    request.send(data);
  });
}

// Outcomes arrive as server-sent events: one stream for every upload of the page that is waiting, which the server
// ends once it has told them all (the worker pushes each outcome to this site). Polling once a second is the fallback,
// where EventSource is missing or its stream fails or ends early. Both name each upload by the watch token its form
// came with: the server shows an upload's outcome only to the page that made it.
const outcomeWaiters = new Map();
let stream = null;
let streamFailed = typeof EventSource !== 'function';

function followStatus(uploadId, watchToken) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(uploadId, null,
      new UploadError('Processing is taking longer than expected. Search for the drink later.')), pollIntervalMs * pollAttempts);
    outcomeWaiters.set(uploadId, { resolve, reject, timer, watchToken });
    if (streamFailed) {
      pollStatus(uploadId);
    } else {
      openStream();
    }
  });
}

function settle(uploadId, outcome, error) {
  const waiter = outcomeWaiters.get(uploadId);
  if (!waiter) {
    return;
  }
  outcomeWaiters.delete(uploadId);
  clearTimeout(waiter.timer);
  if (error) {
    waiter.reject(error);
  } else {
    waiter.resolve(outcome);
  }
}

function openStream() {
  stream?.close();
  stream = null;
  if (outcomeWaiters.size === 0) {
    return;
  }
  const ids = [...outcomeWaiters.keys()];
  const tokens = [...outcomeWaiters.values()].map((waiter) => waiter.watchToken);
  const source = new EventSource(`/upload-events?watch=${encodeURIComponent(tokens.join(','))}`);
  stream = source;
  source.addEventListener('outcome', (event) => settle(event.lastEventId, JSON.parse(event.data)));
  source.addEventListener('problem', (event) => settle(event.lastEventId, null, new UploadError(describeProblem(JSON.parse(event.data)))));
  source.addEventListener('error', () => {
    if (stream !== source) {
      return;
    }
    source.close();
    stream = null;
    // The server ends the stream when every outcome is told; anything left means events do not get through.
    const left = ids.filter((id) => outcomeWaiters.has(id));
    if (left.length > 0) {
      streamFailed = true;
      left.forEach(pollStatus);
    }
  });
}

async function pollStatus(uploadId) {
  while (outcomeWaiters.has(uploadId)) {
    try {
      const watchToken = outcomeWaiters.get(uploadId).watchToken;
      const response = await fetch(`?handler=Status&watch=${encodeURIComponent(watchToken)}`);
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        settle(uploadId, null, new UploadError(describeProblem(body)));
      } else if (terminal.has(body.status)) {
        settle(uploadId, body);
      }
    } catch {
      // A network hiccup: the next look may get through.
    }
    await new Promise((resolve) => { setTimeout(resolve, pollIntervalMs); });
  }
}

function showOutcome(upload, outcome) {
  if (outcome.status !== 'ready') {
    setStatus(upload, outcome.status, `${outcome.status === 'rejected' ? 'Rejected' : 'Failed'}: ${outcome.reason}`);
    return;
  }

  const [bar, drink] = [upload.bar.value.trim(), upload.drink.value.trim()];
  const note = outcome.reason ? ` ${outcome.reason}` : '';
  setStatus(upload, 'ready', `Ready: ${drink} at ${bar}.${note} `);
  const link = document.createElement('a');
  link.href = `/Search?${new URLSearchParams({ bar, drink })}`;
  link.textContent = 'See it';
  upload.status.append(link);
  // Swap the local preview for the thumbnail the worker made (rotated and stripped as everyone will see it).
  URL.revokeObjectURL(upload.image.src);
  upload.image.classList.remove('no-preview');
  upload.image.classList.add('thumbnail');
  upload.image.alt = `${drink} at ${bar}`;
  upload.image.src = outcome.thumbnailUrl;
}

// A photo the browser could not show (HEIC) can be shown once the page has made a JPEG of it.
function showPreparedPreview(upload) {
  if (upload.image.classList.contains('no-preview') && upload.sent !== upload.file) {
    upload.image.classList.remove('no-preview');
    upload.image.src = URL.createObjectURL(upload.sent);
  }
}

async function send(upload) {
  if (upload.cancelled) {
    return;
  }
  try {
    setStatus(upload, 'uploading', 'Preparing…');
    if (!upload.sent) {
      upload.sent = await preparePhoto(upload.file, typeOf(upload.file), preparation);
      showPreparedPreview(upload);
    }
    // Written once, and again only with a new form below: a retry does not rewrite the file it already holds.
    if (!upload.queueId) {
      await remember(upload);
    }
    if (upload.cancelled) {
      return;
    }
    setStatus(upload, 'uploading', 'Uploading…');
    // A retry posts the same form again while it lasts: the upload takes one object, so a post that did land before
    // the signal went makes no second photo. An expired form is asked for again (a repeat of the same bytes is then
    // marked as already here).
    if (!upload.ticket || Date.parse(upload.ticket.expiresAt) - Date.now() < formMarginMs) {
      upload.ticket = await requestUpload(upload);
      await remember(upload);
    }
    if (upload.cancelled) {
      return;
    }
    await postToStorage(upload, upload.ticket);
    upload.abort = null;
    setStatus(upload, 'processing', 'Uploaded. Processing…');
    const outcome = await followStatus(upload.ticket.uploadId, upload.ticket.watchToken);
    // Out of the queue before it shows: once the outcome is known nothing is left to resume.
    await forget(upload);
    showOutcome(upload, outcome);
  } catch (error) {
    if (upload.cancelled) {
      return;
    }
    if (error instanceof UploadError && error.transient) {
      waitForSignal(upload);
    } else {
      forget(upload);
      setStatus(upload, 'error', error instanceof UploadError ? error.message : 'The upload failed. Please try again.');
    }
  }
}

// Photos sent from an earlier page that never saw their outcome (a closed tab, a signal lost for good) are back in
// their rows and go on where they stopped: the same form while it lasts, the same watch of their outcome.
async function resumeQueued() {
  for (const entry of await queue.all()) {
    const upload = addRow(entry.file);
    upload.queueId = entry.id;
    upload.sent = entry.sent ?? null;
    upload.ticket = entry.ticket ?? undefined;
    upload.bar.value = entry.bar;
    upload.drink.value = entry.drink;
    send(upload);
  }
}

// The row waits, then tries again by itself: after a growing delay while the browser says it is online, at once when
// the signal comes back; Retry tries now, Cancel stops it.
function waitForSignal(upload) {
  upload.attempts = (upload.attempts ?? 0) + 1;
  upload.progress.value = 0;
  setStatus(upload, 'waiting', 'Waiting for a signal — it will upload by itself.');
  let timer = null;
  const stop = () => {
    clearTimeout(timer);
    window.removeEventListener('online', retry);
    upload.retryNow = null;
    upload.stopWaiting = null;
  };
  function retry() {
    stop();
    send(upload);
  }
  upload.retryNow = retry;
  upload.stopWaiting = stop;
  window.addEventListener('online', retry);
  const delay = retryDelaysMs[Math.min(upload.attempts, retryDelaysMs.length) - 1];
  timer = setTimeout(() => {
    if (navigator.onLine) {
      retry();
    }
  }, delay);
}

async function sendAll(pending) {
  const queue = [...pending];
  const worker = async () => {
    for (let upload = queue.shift(); upload; upload = queue.shift()) {
      await send(upload);
    }
  };
  await Promise.all(Array.from({ length: parallelUploads }, worker));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const pending = [...uploads.values()].filter((upload) => upload.row.dataset.status === 'new');
  if (pending.length === 0) {
    formMessage.textContent = 'Add a photo first: drop it here, paste it or choose it.';
    return;
  }

  const incomplete = [];
  for (const upload of pending) {
    for (const input of [upload.bar, upload.drink]) {
      const missing = !input.value.trim();
      input.setAttribute('aria-invalid', String(missing));
      if (missing) {
        incomplete.push(input);
      }
    }
  }
  if (incomplete.length > 0) {
    formMessage.textContent = 'Say which bar and which drink each photo shows.';
    incomplete[0].focus();
    return;
  }

  formMessage.textContent = '';
  localStorage.setItem(lastBarKey, pending[pending.length - 1].bar.value.trim());
  sendAll(pending);
});

for (const input of [fileInput, document.getElementById('camera')]) {
  input.addEventListener('change', () => {
    addFiles(input.files);
    input.value = ''; // So the same photo can be chosen again.
  });
}

dropzone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropzone.classList.add('dragging');
});
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
dropzone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropzone.classList.remove('dragging');
  addFiles(event.dataTransfer.files);
});
// A photo dropped beside the zone must not make the browser navigate away to it.
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => event.preventDefault());

document.addEventListener('paste', (event) => {
  const files = [...(event.clipboardData?.files ?? [])];
  if (files.length > 0) {
    event.preventDefault();
    addFiles(files);
  }
});

// Rows whose bar was not edited by hand follow the batch's bar.
function followBatchBar() {
  for (const upload of uploads.values()) {
    if (upload.row.dataset.status === 'new' && !upload.bar.dataset.edited) {
      upload.bar.value = batchBar.value.trim();
    }
  }
}
batchBar.addEventListener('input', followBatchBar);
batchBar.addEventListener('change', followBatchBar);
batchBar.value = localStorage.getItem(lastBarKey) ?? '';
// Photos shared from another app (the installed app's share target): the service worker put them aside (sw.js).
async function takeShared() {
  const params = new URLSearchParams(location.search);
  if (!params.has('shared')) {
    return;
  }
  history.replaceState(null, '', location.pathname);
  const files = [];
  try {
    const cache = await caches.open('drinkpipeline-shared');
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const blob = await response.blob();
      files.push(new File([blob], decodeURIComponent(response.headers.get('X-File-Name') ?? 'photo'), { type: blob.type }));
      await cache.delete(request);
    }
  } catch {
    // No Cache Storage here (or it failed): the photos cannot come over; the message below says so.
  }
  if (files.length > 0) {
    addFiles(files);
  } else {
    formMessage.textContent = 'The shared photos did not reach this page. Add them here: choose, drop or paste them.';
  }
}

attachCombobox(batchBar);
fetchFormToken();
resumeQueued();
takeShared();
