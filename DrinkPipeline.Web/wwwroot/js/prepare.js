// Prepares a photo in the page before it goes up: decoded upright (the browser applies the EXIF orientation when it
// decodes), scaled to at most `maxSide` on its long side, re-encoded as JPEG, and given a new EXIF block with only the
// taken time and the camera, which the pages show: no GPS, no orientation (the pixels are upright already). A phone's
// 12 MP photo goes up as ~0.5 MB instead of ~5 MB. Anything the browser cannot decode or encode goes as it is; the
// server checks a prepared photo exactly as it checks an original.

const preparedTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

export async function preparePhoto(file, type, { maxSide, quality }) {
  if (!preparedTypes.has(type)) {
    return file;
  }
  try {
    const original = new Uint8Array(await file.arrayBuffer());
    const exif = type === 'image/jpeg' ? exifSegment(original) : null;
    const camera = exif ? readCameraExif(original, exif) : null;
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    // Nothing to shrink and nothing to drop: the original is what it would become.
    if (scale === 1 && !exif) {
      bitmap.close();
      return file;
    }
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
    if (!blob || blob.type !== 'image/jpeg') {
      return file;
    }
    const encoded = new Uint8Array(await blob.arrayBuffer());
    const kept = camera ? cameraExifSegment(camera) : new Uint8Array(0);
    const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;
    // The new EXIF goes right after the start-of-image marker, where readers look for it.
    return new File([encoded.subarray(0, 2), kept, encoded.subarray(2)], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } catch {
    return file;
  }
}

// JPEG segments from the start-of-image marker up to the image data.
function* segments(bytes) {
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1];
    if (marker === 0xda || marker === 0xd9) {
      return;
    }
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    yield { marker, start: offset + 4, end: offset + 2 + length };
    offset += 2 + length;
  }
}

// A JPEG's EXIF segment (APP1 starting "Exif\0\0"), or null.
function exifSegment(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    return null;
  }
  const header = [0x45, 0x78, 0x69, 0x66, 0, 0];
  for (const segment of segments(bytes)) {
    if (segment.marker === 0xe1 && header.every((value, i) => bytes[segment.start + i] === value)) {
      return segment;
    }
  }
  return null;
}

const tags = { make: 0x010f, model: 0x0110, exifIfd: 0x8769, takenAt: 0x9003, takenOffset: 0x9011 };

// The taken time (DateTimeOriginal, OffsetTimeOriginal) and camera (Make, Model) in a JPEG's EXIF segment, or null.
function readCameraExif(bytes, segment) {
  const tiff = segment.start + 6;
  const view = new DataView(bytes.buffer, bytes.byteOffset + tiff, Math.max(0, segment.end - tiff));
  const little = view.getUint16(0) === 0x4949;
  const ifd = (offset) => readIfd(view, offset, little);
  const first = ifd(view.getUint32(4, little));
  const exif = first.has(tags.exifIfd) ? ifd(first.get(tags.exifIfd).number) : new Map();
  const found = {
    make: first.get(tags.make)?.text,
    model: first.get(tags.model)?.text,
    takenAt: exif.get(tags.takenAt)?.text,
    takenOffset: exif.get(tags.takenOffset)?.text,
  };
  return Object.values(found).some(Boolean) ? found : null;
}

// One IFD's entries by tag: ASCII values as text, LONG and SHORT as number.
function readIfd(view, offset, little) {
  const entries = new Map();
  if (offset + 2 > view.byteLength) {
    return entries;
  }
  const count = view.getUint16(offset, little);
  for (let i = 0; i < count && offset + 2 + (i + 1) * 12 <= view.byteLength; i++) {
    const entry = offset + 2 + i * 12;
    const tag = view.getUint16(entry, little);
    const type = view.getUint16(entry + 2, little);
    const length = view.getUint32(entry + 4, little);
    if (type === 2) {
      const start = length > 4 ? view.getUint32(entry + 8, little) : entry + 8;
      if (start + length <= view.byteLength) {
        const chars = new Uint8Array(view.buffer, view.byteOffset + start, length);
        entries.set(tag, { text: new TextDecoder('latin1').decode(chars).replace(/\0+$/, '').trim() || undefined });
      }
    } else if (type === 4 || type === 3) {
      entries.set(tag, { number: type === 4 ? view.getUint32(entry + 8, little) : view.getUint16(entry + 8, little) });
    }
  }
  return entries;
}

// An APP1 EXIF segment (big-endian) holding only what `camera` has: IFD0 with Make and Model and a pointer to the EXIF
// IFD with DateTimeOriginal and OffsetTimeOriginal.
function cameraExifSegment(camera) {
  const ascii = (text) => new TextEncoder().encode(`${text.replace(/[^\x20-\x7e]/g, '')}\0`);
  const first = [[tags.make, camera.make], [tags.model, camera.model]].filter(([, value]) => value);
  const exif = [[tags.takenAt, camera.takenAt], [tags.takenOffset, camera.takenOffset]].filter(([, value]) => value);
  const ifdSize = (entries) => 2 + entries.length * 12 + 4;
  const firstEntries = first.length + (exif.length ? 1 : 0);
  const firstAt = 8;
  const exifAt = firstAt + 2 + firstEntries * 12 + 4;
  let dataAt = exifAt + (exif.length ? ifdSize(exif) : 0);
  const values = [...first, ...exif].map(([, value]) => ascii(value));
  const size = dataAt + values.reduce((sum, value) => sum + (value.length > 4 ? value.length : 0), 0);
  const tiff = new Uint8Array(size);
  const view = new DataView(tiff.buffer);
  tiff.set([0x4d, 0x4d, 0, 42], 0);
  view.setUint32(4, firstAt);
  let valueIndex = 0;
  const writeIfd = (at, entries, pointer) => {
    view.setUint16(at, entries.length + (pointer ? 1 : 0));
    let entry = at + 2;
    for (const [tag] of entries) {
      const value = values[valueIndex++];
      view.setUint16(entry, tag);
      view.setUint16(entry + 2, 2);
      view.setUint32(entry + 4, value.length);
      if (value.length > 4) {
        view.setUint32(entry + 8, dataAt);
        tiff.set(value, dataAt);
        dataAt += value.length;
      } else {
        tiff.set(value, entry + 8);
      }
      entry += 12;
    }
    if (pointer) {
      view.setUint16(entry, tags.exifIfd);
      view.setUint16(entry + 2, 4);
      view.setUint32(entry + 4, 1);
      view.setUint32(entry + 8, pointer);
      entry += 12;
    }
    view.setUint32(entry, 0);
  };
  writeIfd(firstAt, first, exif.length ? exifAt : 0);
  if (exif.length) {
    writeIfd(exifAt, exif, 0);
  }
  const length = 2 + 6 + tiff.length;
  const segment = new Uint8Array(2 + length);
  segment.set([0xff, 0xe1, length >> 8, length & 0xff, 0x45, 0x78, 0x69, 0x66, 0, 0], 0);
  segment.set(tiff, 10);
  return segment;
}
