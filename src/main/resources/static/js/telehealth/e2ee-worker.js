// The frame cipher, in a worker: every encoded audio and video frame is encrypted with AES-GCM before it is
// packetized and decrypted after it is reassembled (WebRTC encoded transforms). A frame is sent as
// [codec header in the clear][ciphertext + tag][IV, 12 bytes][key id, 1 byte]; the first bytes stay in the clear
// (VP8: 10 for a key frame, 3 otherwise; audio: 1) so the receiver still recognizes key frames, and they are bound
// to the ciphertext as associated data. Without a key nothing is sent or played: frames are dropped, never passed
// in the clear.
'use strict';

const keys = new Map();
let currentKeyId = -1;
const counts = { encrypted: 0, decrypted: 0, dropped: 0, decryptFailures: 0, encryptors: 0, decryptors: 0, errors: '' };

function clearBytes(frame) {
  if (frame.type === 'key') return 10;
  if (frame.type === 'delta') return 3;
  return 1;
}

async function encrypt(frame, controller) {
  const key = keys.get(currentKeyId);
  const data = new Uint8Array(frame.data);
  if (!key || data.length === 0) {
    counts.dropped++;
    return;
  }
  const clear = Math.min(clearBytes(frame), data.length);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header = data.subarray(0, clear);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key,
    data.subarray(clear)));
  const out = new Uint8Array(clear + sealed.length + 13);
  out.set(header, 0);
  out.set(sealed, clear);
  out.set(iv, clear + sealed.length);
  out[out.length - 1] = currentKeyId;
  frame.data = out.buffer;
  counts.encrypted++;
  controller.enqueue(frame);
}

async function decrypt(frame, controller) {
  const data = new Uint8Array(frame.data);
  if (data.length < 14) {
    counts.dropped++;
    return;
  }
  const key = keys.get(data[data.length - 1]);
  if (!key) {
    counts.dropped++;
    return;
  }
  const clear = Math.min(clearBytes(frame), data.length - 13);
  const iv = data.subarray(data.length - 13, data.length - 1);
  const header = data.subarray(0, clear);
  try {
    const plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, key,
      data.subarray(clear, data.length - 13)));
    const out = new Uint8Array(clear + plain.length);
    out.set(header, 0);
    out.set(plain, clear);
    frame.data = out.buffer;
    counts.decrypted++;
    controller.enqueue(frame);
  } catch (e) {
    counts.decryptFailures++;
  }
}

function pipe(readable, writable, operation) {
  if (operation === 'encrypt') counts.encryptors++;
  else counts.decryptors++;
  readable
    .pipeThrough(new TransformStream({ transform: operation === 'encrypt' ? encrypt : decrypt }))
    .pipeTo(writable)
    .catch((e) => { counts.errors = String(e); });
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'key') {
    keys.set(message.keyId, message.key);
    currentKeyId = message.keyId;
    for (const id of keys.keys()) {
      if (id !== currentKeyId && keys.size > 2) keys.delete(id);
    }
  } else if (message.type === 'forget') {
    keys.clear();
    currentKeyId = -1;
  } else if (message.type === 'streams') {
    pipe(message.readable, message.writable, message.operation);
  }
};

// RTCRtpScriptTransform: the transform of each sender and receiver arrives here.
self.onrtctransform = (event) => {
  const transformer = event.transformer;
  pipe(transformer.readable, transformer.writable, transformer.options.operation);
};

setInterval(() => self.postMessage({ type: 'stats', ...counts }), 250);
