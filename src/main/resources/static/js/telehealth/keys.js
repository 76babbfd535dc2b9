// End-to-end keys for session rooms. Each browser makes an ECDH P-256 key pair for the session; the leader's browser
// makes the AES-GCM media key and wraps it to each other participant's public key (ECDH, HKDF-SHA-256, AES-KW). The
// server relays the public keys and the wrapped keys, never a media key. The safety code is derived from all public
// keys, so a key inserted by someone in the middle shows as a different code on each side.

const WRAP_INFO = new TextEncoder().encode('haven media key wrap v1');

export async function newKeyPair() {
  return crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
}

export async function exportPublic(pair) {
  return new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
}

export async function newMediaKey() {
  // Extractable only so that it can be wrapped; it leaves this browser wrapped, never in the clear.
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

async function wrappingKey(privateKey, peerRaw, salt, usage) {
  const peer = await crypto.subtle.importKey('raw', peerRaw, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: WRAP_INFO }, hkdf,
    { name: 'AES-KW', length: 256 }, false, [usage]);
}

export async function wrapMediaKey(mediaKey, myPair, peerRaw) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const kek = await wrappingKey(myPair.privateKey, peerRaw, salt, 'wrapKey');
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', mediaKey, kek, 'AES-KW'));
  return { wrapped, salt };
}

export async function unwrapMediaKey(wrapped, salt, myPair, peerRaw, extractable) {
  const kek = await wrappingKey(myPair.privateKey, peerRaw, salt, 'unwrapKey');
  return crypto.subtle.unwrapKey('raw', wrapped, kek, 'AES-KW', { name: 'AES-GCM', length: 256 }, extractable,
    ['encrypt', 'decrypt']);
}

function compare(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

// Six digits from SHA-256 of every participant's raw public key, sorted so that everyone computes the same code.
export async function safetyCode(publicKeys) {
  const sorted = [...publicKeys].sort(compare);
  const all = new Uint8Array(sorted.reduce((length, key) => length + key.length, 0));
  let offset = 0;
  for (const key of sorted) {
    all.set(key, offset);
    offset += key.length;
  }
  const digest = new DataView(await crypto.subtle.digest('SHA-256', all));
  const code = String(digest.getUint32(0) % 1000000).padStart(6, '0');
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

export function toBase64(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

export function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export function toHex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
