// The service worker: the upload page opens without a signal (photos picked then wait in the page's queue and go up
// by themselves, see upload.js), and photos shared to the installed app ("Share → DrinkPipeline") reach the upload
// page. Uploads themselves go from the page, never from here.
//
// Every page and file it keeps is fetched from the network first and kept as last seen, so a deploy is picked up at
// once online; the copies are used only when the network fails. Nothing cross-origin (photos on S3), no API call of
// the page (?handler=, /upload-events) and no other page is kept: offline, those get the "No signal" page.
const pagesCache = 'drinkpipeline-pages-v1';
const sharedCache = 'drinkpipeline-shared';
const uploadPage = '/';
const offlinePage = '/offline';
const shellFiles = [
  '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', '/img/no-preview.svg', '/css/site.css',
  '/js/site-search.js', '/js/offline.js', '/js/upload.js', '/js/combobox.js', '/js/prepare.js', '/js/exif.js',
  '/js/heic.js', '/js/queue.js',
];
// Kept as they are fetched, not at install: the HEIC decoder (1.5 MB) only once someone has used it.
const keptOnUse = /^\/(css|js|img|icons|lib\/libheif)\//;
// A weak signal that answers nothing: the kept upload page after this long.
const navigationPatienceMs = 5000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(pagesCache).then((cache) => cache.addAll([uploadPage, offlinePage, ...shellFiles])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== pagesCache && name !== sharedCache).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === 'POST' && url.pathname === '/share-target') {
    event.respondWith(receiveShared(request));
  } else if (request.method !== 'GET') {
    return;
  } else if (request.mode === 'navigate') {
    event.respondWith(navigate(event, url));
  } else if (keptOnUse.test(url.pathname) || shellFiles.includes(url.pathname)) {
    event.respondWith(networkFirst(event, url.pathname));
  }
});

// A good answer is kept as last seen; the page gets it at once, the copy is written after (the worker stays alive
// for it), not before.
function keep(event, key, response) {
  if (response.ok) {
    const copy = response.clone();
    const writing = caches.open(pagesCache).then((cache) => cache.put(key, copy));
    try {
      event.waitUntil(writing);
    } catch {
      // The page was answered already (the kept copy won the race): the write goes on all the same.
    }
  }
  return response;
}

async function networkFirst(event, key) {
  try {
    return keep(event, key, await fetch(event.request));
  } catch (error) {
    const kept = await caches.match(key, { cacheName: pagesCache });
    if (kept) {
      return kept;
    }
    throw error;
  }
}

// The upload page (with any query: ?cursor=, ?shared=) falls back to its kept copy; any other page to "No signal".
async function navigate(event, url) {
  const cache = await caches.open(pagesCache);
  const key = url.pathname === uploadPage ? uploadPage : null;
  const fromNetwork = fetch(event.request).then((response) => (key && url.search === '' ? keep(event, key, response) : response));
  fromNetwork.catch(() => {}); // handled below; the network may also fail after the kept page was shown
  const kept = key ? await cache.match(key) : undefined;
  try {
    if (!kept) {
      return await fromNetwork;
    }
    const patience = new Promise((resolve) => { setTimeout(() => resolve(kept), navigationPatienceMs); });
    return await Promise.race([fromNetwork, patience]);
  } catch {
    return kept ?? (await cache.match(offlinePage)) ?? Response.error();
  }
}

// A share from another app: its photos are put aside for the upload page, which takes them as it opens (upload.js).
async function receiveShared(request) {
  const data = await request.formData();
  const files = data.getAll('photos').filter((value) => value instanceof File);
  const cache = await caches.open(sharedCache);
  const batch = Date.now();
  await Promise.all(files.map((file, index) => cache.put(`/shared/${batch}-${index}`, new Response(file, {
    headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
  }))));
  return Response.redirect(`${uploadPage}?shared=${files.length}`, 303);
}
