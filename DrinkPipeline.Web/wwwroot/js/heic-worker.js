// Decodes HEIC photos for the upload page (see heic.js), off the page's thread: libheif compiled to WebAssembly, served
// by this site, loaded the first time a HEIC photo is picked. Answers each { id, bytes } with { id, bitmap } (the
// primary image, upright: libheif applies the file's rotation and mirroring) or { id, error }.
/* global libheif */
importScripts('/lib/libheif/libheif.js');

const ready = new Promise((resolve, reject) => {
  const module = libheif({
    locateFile: (name) => `/lib/libheif/${name}`,
    onRuntimeInitialized: () => queueMicrotask(() => resolve(module)),
    onAbort: (reason) => reject(new Error(String(reason))),
  });
});

async function decode(bytes) {
  const library = await ready;
  const decoder = new library.HeifDecoder();
  try {
    const images = decoder.decode(new Uint8Array(bytes));
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0];
    if (!image) {
      throw new Error('No image in the HEIC file.');
    }
    const width = image.get_width();
    const height = image.get_height();
    const pixels = new ImageData(width, height);
    const shown = await new Promise((resolve) => { image.display(pixels, resolve); });
    images.forEach((each) => each.free());
    if (!shown) {
      throw new Error('The HEIC image could not be decoded.');
    }
    return await createImageBitmap(pixels);
  } finally {
    // The file's copy in the WebAssembly memory goes with the context.
    if (decoder.decoder) {
      library.heif_context_free(decoder.decoder);
      decoder.decoder = null;
    }
  }
}

// One photo at a time: a 12 MP photo takes ~200 MB while it is decoded.
let line = Promise.resolve();
self.addEventListener('message', (event) => {
  const { id, bytes } = event.data;
  line = line.then(() => decode(bytes)).then(
    (bitmap) => self.postMessage({ id, bitmap }, [bitmap]),
    (error) => self.postMessage({ id, error: String(error?.message ?? error) }));
});
