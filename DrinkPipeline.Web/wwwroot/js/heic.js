// HEIC photos decoded in a worker of this site's own (heic-worker.js, libheif in WebAssembly): most browsers cannot
// decode HEIC, and the server refuses it, so the page turns it into a JPEG like any other photo (see prepare.js).
let worker = null;
let nextId = 0;
const waiting = new Map();

function start() {
  worker = new Worker('/js/heic-worker.js');
  worker.addEventListener('message', (event) => {
    const { id, bitmap, error } = event.data;
    const request = waiting.get(id);
    waiting.delete(id);
    if (error) {
      request?.reject(new Error(error));
    } else {
      request?.resolve(bitmap);
    }
  });
  // The worker could not start (its script or libheif failed to load): every photo waiting falls back.
  worker.addEventListener('error', () => {
    for (const request of waiting.values()) {
      request.reject(new Error('The HEIC decoder is unavailable.'));
    }
    waiting.clear();
    worker = null;
  });
}

// The photo's primary image, upright, as an ImageBitmap. The file's bytes move to the worker (transferred, not
// copied): the caller has read what it needs of them.
export function decodeHeic(bytes) {
  if (!worker) {
    start();
  }
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, bytes }, [bytes]);
  });
}
