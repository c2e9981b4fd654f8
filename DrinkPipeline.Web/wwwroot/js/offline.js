// Every page registers the service worker (sw.js): the upload page then opens without a signal, and the installed app
// can receive shared photos.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // Not where service workers are off (private modes, some policies): the site works as before, online.
  });
}
