// The idle warning (SEC-AC-03 automatic logoff): two minutes before the server ends an idle session, say so and
// offer to stay. The server is the authority on the timeout; this only counts down from what the page was given,
// and restarts whenever the session is refreshed from this page.
const WARN_BEFORE_SECONDS = 120;

const dialog = document.getElementById('idle-warning');
if (dialog) {
  const idleSeconds = Number(dialog.dataset.idleSeconds);
  const stay = document.getElementById('idle-stay');
  const csrfToken = document.querySelector('meta[name="_csrf"]')?.content;
  const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content || 'X-CSRF-TOKEN';
  let warnTimer;
  let endTimer;

  const signedOut = () => {
    window.location.assign(dialog.dataset.expired);
  };

  const warn = () => {
    dialog.hidden = false;
    stay.focus();
  };

  const start = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    dialog.hidden = true;
    warnTimer = setTimeout(warn, Math.max(0, idleSeconds - WARN_BEFORE_SECONDS) * 1000);
    endTimer = setTimeout(signedOut, idleSeconds * 1000);
  };

  stay.addEventListener('click', async () => {
    const headers = {};
    if (csrfToken) {
      headers[csrfHeader] = csrfToken;
    }
    try {
      const response = await fetch(dialog.dataset.keepAlive, {
        method: 'POST', headers, credentials: 'same-origin', redirect: 'manual',
      });
      if (response.status === 204) {
        start();
        return;
      }
    } catch (ignored) {
      // Offline or the server is unreachable: the session cannot be refreshed from here.
    }
    signedOut();
  });

  if (Number.isFinite(idleSeconds) && idleSeconds > 0) {
    start();
  }
}
