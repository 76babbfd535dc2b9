// Passkeys (WebAuthn) against Spring Security's endpoints. Loaded as a module by the sign-in and sign-in protection
// pages; no inline script (CSP script-src 'self'). The CSRF header name and token come from the data attributes of
// the passkey section, which only those pages render.

const section = document.querySelector('[data-passkey]');

function toBytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes.buffer;
}

function toBase64url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'application/json',
      'Accept': 'application/json',
      [section.dataset.csrfHeader]: section.dataset.csrfToken,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return response.json();
}

async function register() {
  const options = await post('/webauthn/register/options');
  const credential = await navigator.credentials.create({
    publicKey: {
      ...options,
      challenge: toBytes(options.challenge),
      user: { ...options.user, id: toBytes(options.user.id) },
      excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
    },
  });
  const result = await post('/webauthn/register', {
    publicKey: {
      label: `Passkey added ${new Date().toISOString().slice(0, 10)}`,
      credential: {
        id: credential.id,
        rawId: toBase64url(credential.rawId),
        type: credential.type,
        response: {
          attestationObject: toBase64url(credential.response.attestationObject),
          clientDataJSON: toBase64url(credential.response.clientDataJSON),
          transports: credential.response.getTransports ? credential.response.getTransports() : [],
        },
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment,
      },
    },
  });
  if (!result.success) {
    throw new Error('registration not accepted');
  }
  window.location.assign('/account/mfa?passkey=added');
}

async function signIn() {
  const options = await post('/webauthn/authenticate/options');
  const credential = await navigator.credentials.get({
    publicKey: {
      ...options,
      challenge: toBytes(options.challenge),
      allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
    },
  });
  const response = credential.response;
  const result = await post('/login/webauthn', {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    response: {
      authenticatorData: toBase64url(response.authenticatorData),
      clientDataJSON: toBase64url(response.clientDataJSON),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
    },
    credType: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    authenticatorAttachment: credential.authenticatorAttachment,
  });
  if (!(result.authenticated && result.redirectUrl)) {
    throw new Error('sign-in not accepted');
  }
  window.location.assign(result.redirectUrl);
}

function showError(message) {
  const error = section.querySelector('[data-passkey-error]');
  error.textContent = message;
  error.hidden = false;
}

if (section && window.PublicKeyCredential) {
  section.hidden = false;
  const action = section.dataset.passkey === 'register' ? register : signIn;
  const failure = section.dataset.passkey === 'register'
    ? 'The passkey was not registered. Try again, or use an authenticator app.'
    : 'That passkey was not accepted. Try again, or use your password and code.';
  section.querySelector('button[data-passkey-action]').addEventListener('click', async (event) => {
    event.currentTarget.disabled = true;
    try {
      await action();
    } catch (err) {
      showError(failure);
      event.currentTarget.disabled = false;
    }
  });
}
