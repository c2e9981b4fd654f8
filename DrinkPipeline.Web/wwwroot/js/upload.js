// Upload page: presign through the web backend, post the file straight to S3, then follow the upload's status.
const form = document.getElementById('upload-form');
const fileInput = document.getElementById('file');
const button = document.getElementById('upload-button');
const result = document.getElementById('upload-result');
const progress = document.getElementById('upload-progress');
const statusText = document.getElementById('upload-status');
const image = document.getElementById('upload-image');

const acceptedTypes = fileInput.accept.split(',');
const maxBytes = Number(fileInput.dataset.maxBytes);
const antiforgeryToken = form.querySelector('input[name="__RequestVerificationToken"]').value;
const terminal = new Set(['ready', 'rejected', 'failed']);

function show(status, message) {
  statusText.dataset.status = status;
  statusText.textContent = message;
}

function describeProblem(problem) {
  if (problem && problem.errors) {
    return Object.values(problem.errors).flat().join(' ');
  }
  return (problem && (problem.detail || problem.title)) || 'Something went wrong. Please try again.';
}

async function requestUpload(file) {
  const response = await fetch('?handler=Presign', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', RequestVerificationToken: antiforgeryToken },
    body: JSON.stringify({
      barName: form.bar.value.trim(),
      drinkName: form.drink.value.trim(),
      fileName: file.name,
      contentType: file.type,
      contentLength: file.size,
    }),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(describeProblem(body));
  }
  return body;
}

function postToStorage(ticket, file) {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(ticket.fields)) {
      data.append(name, value);
    }
    data.append('file', file); // S3 requires the file to be the last field.

    const request = new XMLHttpRequest();
    request.open(ticket.method, ticket.url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) {
        progress.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        progress.value = 100;
        resolve();
      } else {
        reject(new Error(`The storage service refused the file (HTTP ${request.status}).`));
      }
    });
    request.addEventListener('error', () => reject(new Error('The upload was interrupted. Please try again.')));
    request.send(data);
  });
}

async function followStatus(uploadId) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const response = await fetch(`?handler=Status&uploadId=${encodeURIComponent(uploadId)}`);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(describeProblem(body));
    }
    if (terminal.has(body.status)) {
      return body;
    }
    show('pending', 'Processing…');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('Processing is taking longer than expected. Check back later.');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = fileInput.files[0];
  result.hidden = false;
  image.hidden = true;
  progress.value = 0;

  if (!form.bar.value.trim() || !form.drink.value.trim() || !file) {
    show('invalid', 'Please fill in the bar, the drink and choose a photo.');
    return;
  }
  if (!acceptedTypes.includes(file.type)) {
    show('invalid', `“${file.name}” is not a JPEG, PNG, WebP, GIF, HEIC or AVIF image.`);
    return;
  }
  if (file.size === 0 || file.size > maxBytes) {
    show('invalid', `The photo must be between 1 byte and ${Math.round(maxBytes / 1048576)} MiB.`);
    return;
  }

  button.disabled = true;
  try {
    show('uploading', 'Uploading…');
    const ticket = await requestUpload(file);
    await postToStorage(ticket, file);
    show('pending', 'Uploaded. Processing…');
    const upload = await followStatus(ticket.uploadId);
    if (upload.status === 'ready') {
      const note = upload.duplicateOf ? ' (this photo was already here)' : '';
      show('ready', `Ready: ${upload.drinkName} at ${upload.barName}${note}.`);
      image.src = upload.thumbnailUrl;
      image.alt = `${upload.drinkName} at ${upload.barName}`;
      image.hidden = false;
    } else {
      show(upload.status, `${upload.status === 'rejected' ? 'Rejected' : 'Failed'}: ${upload.reason}`);
    }
  } catch (error) {
    show('error', error.message);
  } finally {
    button.disabled = false;
  }
});
