// Prepares a photo in the page before it goes up: decoded upright (the browser applies a JPEG's EXIF orientation when
// it decodes; libheif a HEIC's rotation), scaled to at most `maxSide` on its long side, re-encoded as JPEG, and given a
// new EXIF block with only the taken time and the camera, which the pages show: no GPS, no orientation (the pixels are
// upright already). A phone's 12 MP photo goes up as ~0.5 MB instead of ~5 MB, and a HEIC photo, which the server
// refuses, as a JPEG. Anything the browser cannot decode or encode goes as it is; the server checks a prepared photo
// exactly as it checks an original.
import { cameraExifSegment, exifBlock, readCameraExif } from './exif.js';
import { decodeHeic } from './heic.js';

const preparedTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic']);
// Where a JPEG keeps its EXIF: in its first segments (an APP1 holds at most 64 KB), not the whole file.
const jpegHeadBytes = 256 * 1024;

export async function preparePhoto(file, type, { maxSide, quality }) {
  if (!preparedTypes.has(type)) {
    return file;
  }
  try {
    const heic = type === 'image/heic';
    // Read once, and only what is needed: a HEIC whole (its EXIF item may be anywhere; the decoder then takes these
    // very bytes), a JPEG's head for its EXIF, nothing of a PNG or WebP (the browser decodes the file itself).
    const bytes = heic ? await file.arrayBuffer() : type === 'image/jpeg' ? await file.slice(0, jpegHeadBytes).arrayBuffer() : null;
    const exif = bytes ? exifBlock(new Uint8Array(bytes), type) : null;
    const camera = exif ? cameraOf(exif) : null;
    const bitmap = heic ? await decodeHeic(bytes) : await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    // Nothing to shrink, nothing to drop, nothing to convert: the original is what it would become.
    if (scale === 1 && !exif && !heic) {
      bitmap.close();
      return file;
    }
    const encoded = await encodeJpeg(bitmap, scale, quality);
    if (!encoded) {
      return file;
    }
    const kept = camera ? cameraExifSegment(camera) : new Uint8Array(0);
    const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;
    // The new EXIF goes right after the start-of-image marker, where readers look for it.
    return new File([encoded.subarray(0, 2), kept, encoded.subarray(2)], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } catch {
    return file;
  }
}

// An unreadable EXIF block costs the taken time and camera, not the photo.
function cameraOf(exif) {
  try {
    return readCameraExif(exif);
  } catch {
    return null;
  }
}

async function encodeJpeg(bitmap, scale, quality) {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const context = canvas.getContext('2d');
  context.imageSmoothingQuality = 'high';
  // JPEG has no transparency: a transparent PNG's background becomes white, not black.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise((resolve) => { canvas.toBlob(resolve, 'image/jpeg', quality); });
  // toBlob falls back to PNG, silently, where it cannot make the type asked for.
  return blob && blob.type === 'image/jpeg' ? new Uint8Array(await blob.arrayBuffer()) : null;
}
