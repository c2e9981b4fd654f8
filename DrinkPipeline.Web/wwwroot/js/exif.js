// EXIF, read and written for prepare.js: where a JPEG or a HEIC file keeps its EXIF block, the taken time and camera in
// it, and a new JPEG APP1 segment carrying only those.

// The EXIF block (its TIFF structure) of a JPEG or HEIC file, as a DataView, or null.
export function exifBlock(bytes, type) {
  if (type === 'image/jpeg') {
    const segment = jpegExifSegment(bytes);
    return segment ? viewOf(bytes, segment.start + 6, segment.end) : null;
  }
  if (type === 'image/heic') {
    return heifExifBlock(bytes);
  }
  return null;
}

function viewOf(bytes, start, end) {
  return start >= 0 && start <= end && end <= bytes.length ? new DataView(bytes.buffer, bytes.byteOffset + start, end - start) : null;
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
function jpegExifSegment(bytes) {
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

// The taken time (DateTimeOriginal, OffsetTimeOriginal) and camera (Make, Model) in an EXIF block (a TIFF structure),
// or null.
export function readCameraExif(view) {
  if (view.byteLength < 8) {
    return null;
  }
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
export function cameraExifSegment(camera) {
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

// ISO base media boxes (HEIF's container) from `start` to `end`: { type, start (of the content), end }.
function* boxes(view, start, end) {
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + offset + 4, 4));
    let header = 8;
    if (size === 1 && offset + 16 <= end) {
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) {
      return;
    }
    yield { type, start: offset + header, end: offset + size };
    offset += size;
  }
}

// A HEIF file's EXIF: the item of type "Exif" in the meta box (iinf names it, iloc says where its bytes are), whose
// payload starts with the offset of its TIFF header.
function heifExifBlock(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const meta = [...boxes(view, 0, view.byteLength)].find((box) => box.type === 'meta');
  if (!meta) {
    return null;
  }
  const children = [...boxes(view, meta.start + 4, meta.end)];
  const iinf = children.find((box) => box.type === 'iinf');
  const iloc = children.find((box) => box.type === 'iloc');
  const id = iinf && exifItemId(view, iinf);
  const extent = id !== undefined && iloc && itemExtent(view, iloc, id);
  if (!extent || extent.offset + 4 > view.byteLength) {
    return null;
  }
  const tiff = extent.offset + 4 + view.getUint32(extent.offset);
  return viewOf(bytes, tiff, Math.min(extent.offset + extent.length, bytes.length));
}

function exifItemId(view, iinf) {
  const version = view.getUint8(iinf.start);
  const first = iinf.start + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(view, first, iinf.end)) {
    const infeVersion = view.getUint8(infe.start);
    if (infe.type !== 'infe' || infeVersion < 2) {
      continue;
    }
    const idSize = infeVersion === 2 ? 2 : 4;
    const id = idSize === 2 ? view.getUint16(infe.start + 4) : view.getUint32(infe.start + 4);
    const typeAt = infe.start + 4 + idSize + 2;
    if (typeAt + 4 <= infe.end && String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + typeAt, 4)) === 'Exif') {
      return id;
    }
  }
  return undefined;
}

// The first extent of item `id`, if it is stored in the file (construction method 0).
function itemExtent(view, iloc, id) {
  const version = view.getUint8(iloc.start);
  let at = iloc.start + 4;
  const read = (size) => {
    const value = size === 0 ? 0 : size === 2 ? view.getUint16(at) : size === 4 ? view.getUint32(at) : Number(view.getBigUint64(at));
    at += size;
    return value;
  };
  const sizes = view.getUint16(at);
  at += 2;
  const [offsetSize, lengthSize, baseOffsetSize] = [sizes >> 12, (sizes >> 8) & 0xf, (sizes >> 4) & 0xf];
  const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
  const count = read(version < 2 ? 2 : 4);
  for (let item = 0; item < count && at < iloc.end; item++) {
    const itemId = read(version < 2 ? 2 : 4);
    const method = version === 1 || version === 2 ? read(2) & 0xf : 0;
    read(2); // data reference index
    const base = read(baseOffsetSize);
    const extents = read(2);
    for (let extent = 0; extent < extents; extent++) {
      read(indexSize);
      const offset = read(offsetSize);
      const length = read(lengthSize);
      if (itemId === id && extent === 0) {
        return method === 0 ? { offset: base + offset, length } : null;
      }
    }
  }
  return null;
}
