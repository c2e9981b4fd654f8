// The photos this browser has not seen Ready yet, kept in IndexedDB so that a closed tab or a lost signal loses none:
// each with its file, bar and drink, and once it has one, its upload form and watch token (so a page opened later
// follows the same upload instead of making a second). Where IndexedDB is unavailable (private modes) the page works
// as before, without the queue.

const databaseName = 'drinkpipeline';
const storeName = 'uploads';

let opening = null;

function open() {
  opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

async function run(mode, action) {
  const database = await open();
  if (!database) {
    return undefined;
  }
  return new Promise((resolve) => {
    const transaction = database.transaction(storeName, mode);
    const request = action(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve(request?.result);
    transaction.onerror = () => resolve(undefined);
    transaction.onabort = () => resolve(undefined);
  });
}

export const queue = {
  put: (entry) => run('readwrite', (store) => store.put(entry)),
  remove: (id) => run('readwrite', (store) => store.delete(id)),
  all: async () => (await run('readonly', (store) => store.getAll())) ?? [],
};
