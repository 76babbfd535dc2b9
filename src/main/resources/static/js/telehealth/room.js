// A 1:1 session room: waiting room, signaling over the room's WebSocket, peer-to-peer WebRTC with every frame
// end-to-end encrypted in a worker (see e2ee-worker.js and keys.js). The server decides who may join and relays only
// what this page sends it: SDP, ICE candidates, public keys and the wrapped media key.
import {
  exportPublic, fromBase64, newKeyPair, newMediaKey, safetyCode, toBase64, toHex, unwrapMediaKey, wrapMediaKey,
} from './keys.js';

const root = document.getElementById('room');
const seat = root.dataset.seat;
const testHooks = root.dataset.testHooks === 'true';
const statusLine = document.getElementById('status');
const joinButton = document.getElementById('join');
const leaveButton = document.getElementById('leave');
const localVideo = document.getElementById('local-video');
const remoteVideo = document.getElementById('remote-video');
const codeLine = document.getElementById('safety-code');

// Chromium's createEncodedStreams path first where it exists (its RTCRtpScriptTransform receivers delivered no frames
// in our headless test runs), the standard RTCRtpScriptTransform elsewhere (Safari, Firefox).
const mode = (window.RTCRtpSender && 'createEncodedStreams' in RTCRtpSender.prototype) ? 'encoded-streams'
  : 'RTCRtpScriptTransform' in window ? 'script-transform' : null;

// Counters the page exposes (the browser test reads them): frames through the cipher, and timings.
const media = { mode, encrypted: 0, decrypted: 0, dropped: 0, decryptFailures: 0, joinClickedAt: null,
  admittedAt: null, firstRemoteFrameAt: null, safetyCode: null, state: 'ready', refused: null };
window.havenMedia = media;
const testKeys = [];
if (testHooks) window.havenTest = { rawKeysHex: testKeys };

let worker;
let socket;
let keyPair;
let myPublic;
let peerPublic;
let iceServers = [];
let localStream;
let pc;
let pendingIce = [];
let guestId = null;
let keyId = 0;
let locked = false;

function say(text) {
  statusLine.textContent = text;
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

if (!mode) {
  document.getElementById('unsupported').hidden = false;
  joinButton.disabled = true;
  say('This browser cannot join an encrypted session.');
} else {
  worker = new Worker(root.dataset.worker);
  worker.onmessage = (event) => {
    if (event.data.type === 'stats') {
      media.encrypted = event.data.encrypted;
      media.decrypted = event.data.decrypted;
      media.dropped = event.data.dropped;
      media.decryptFailures = event.data.decryptFailures;
      media.transforms = `${event.data.encryptors}/${event.data.decryptors} ${event.data.errors}`;
    }
  };
}

function transform(endpoint, operation) {
  if (mode === 'script-transform') {
    endpoint.transform = new RTCRtpScriptTransform(worker, { operation });
  } else {
    const { readable, writable } = endpoint.createEncodedStreams();
    worker.postMessage({ type: 'streams', operation, readable, writable }, [readable, writable]);
  }
}

function newPeerConnection() {
  closePeerConnection();
  const config = { iceServers };
  if (mode === 'encoded-streams') config.encodedInsertableStreams = true;
  pc = new RTCPeerConnection(config);
  window.havenPeerConnection = pc;
  for (const track of localStream.getTracks()) {
    transform(pc.addTrack(track, localStream), 'encrypt');
  }
  pc.ontrack = (event) => {
    transform(event.receiver, 'decrypt');
    if (event.track.kind === 'video') {
      remoteVideo.srcObject = event.streams[0];
      const firstFrame = () => {
        if (media.firstRemoteFrameAt === null) media.firstRemoteFrameAt = performance.now();
      };
      if ('requestVideoFrameCallback' in remoteVideo) remoteVideo.requestVideoFrameCallback(firstFrame);
      else remoteVideo.addEventListener('playing', firstFrame, { once: true });
    }
  };
  pc.onicecandidate = (event) => {
    if (event.candidate) {
      send({ type: 'ice', candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid,
        sdpMLineIndex: event.candidate.sdpMLineIndex });
    }
  };
  pc.onconnectionstatechange = () => {
    if (pc && pc.connectionState === 'connected') {
      media.state = 'connected';
      say('Connected. Video and sound are end-to-end encrypted.');
    }
  };
  pendingIce = [];
  return pc;
}

function closePeerConnection() {
  if (pc) {
    pc.close();
    pc = null;
  }
  remoteVideo.srcObject = null;
}

async function useKey(key) {
  keyId = (keyId + 1) % 256;
  worker.postMessage({ type: 'key', key, keyId });
  if (testHooks) testKeys.push(toHex(new Uint8Array(await crypto.subtle.exportKey('raw', key))));
}

async function showSafetyCode() {
  media.safetyCode = await safetyCode(myPublic, peerPublic);
  codeLine.textContent = media.safetyCode;
}

async function addIce(message) {
  const candidate = { candidate: message.candidate, sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex };
  if (!pc || !pc.remoteDescription) {
    pendingIce.push(candidate);
    return;
  }
  await pc.addIceCandidate(candidate);
}

async function flushIce() {
  for (const candidate of pendingIce.splice(0)) await pc.addIceCandidate(candidate);
}

function finish(text, state) {
  media.state = state;
  say(text);
  closePeerConnection();
  if (localStream) localStream.getTracks().forEach(track => track.stop());
  worker.postMessage({ type: 'forget' });
  leaveButton.hidden = true;
  const controls = document.getElementById('host-controls');
  if (controls) controls.hidden = true;
}

// Host controls.
function waitingEntry(participant) {
  const list = document.getElementById('waiting-list');
  if (!list || list.querySelector(`[data-participant="${participant}"]`)) return;
  const item = document.createElement('li');
  item.dataset.participant = participant;
  item.textContent = 'Your client is waiting. ';
  const admit = document.createElement('button');
  admit.type = 'button';
  admit.className = 'button admit';
  admit.textContent = 'Admit';
  admit.addEventListener('click', () => send({ type: 'admit', participant }));
  item.append(admit);
  list.append(item);
  document.getElementById('nobody-waiting').hidden = true;
}

function dropWaiting(participant) {
  const list = document.getElementById('waiting-list');
  if (!list) return;
  list.querySelector(`[data-participant="${participant}"]`)?.remove();
  document.getElementById('nobody-waiting').hidden = list.children.length > 0;
}

function guestControls(enabled) {
  for (const id of ['send-back', 'remove']) {
    const button = document.getElementById(id);
    if (button) button.disabled = !enabled;
  }
}

if (seat === 'HOST') {
  document.getElementById('send-back').addEventListener('click', () => send({ type: 'sendBack', participant: guestId }));
  document.getElementById('remove').addEventListener('click', () => send({ type: 'remove', participant: guestId }));
  document.getElementById('lock').addEventListener('click', () => send({ type: locked ? 'unlock' : 'lock' }));
  document.getElementById('end').addEventListener('click', () => send({ type: 'end' }));
}

const REFUSALS = {
  locked: 'The room is locked. Ask your clinician to unlock it.',
  'not-found': 'This room is not available to you, or it has closed.',
  'recording-not-offered': 'Sessions are never recorded.',
};

async function handle(message) {
  switch (message.type) {
    case 'joined':
      iceServers = message.iceServers || [];
      locked = message.locked;
      leaveButton.hidden = false;
      if (seat === 'HOST') {
        media.state = 'hosting';
        document.getElementById('host-controls').hidden = false;
        document.getElementById('lock').textContent = locked ? 'Unlock the room' : 'Lock the room';
        say('You are in the room. Admit your client when they arrive.');
      }
      break;
    case 'waiting':
      if (seat === 'HOST') {
        waitingEntry(message.participant);
      } else {
        media.state = 'waiting';
        closePeerConnection();
        say('Please wait: your clinician will let you in shortly.');
      }
      break;
    case 'admitted':
      if (seat === 'HOST') {
        guestId = message.participant;
        dropWaiting(message.participant);
        guestControls(true);
      } else {
        iceServers = message.iceServers || iceServers;
        media.state = 'admitted';
        media.admittedAt = performance.now();
        say('You have been let in. Connecting...');
      }
      send({ type: 'publicKey', key: toBase64(myPublic) });
      break;
    case 'publicKey':
      peerPublic = fromBase64(message.key);
      await showSafetyCode();
      if (seat === 'HOST') {
        // A new media key for every admission: someone sent back or removed cannot decrypt what follows.
        const mediaKey = await newMediaKey();
        const { wrapped, salt } = await wrapMediaKey(mediaKey, keyPair, peerPublic);
        await useKey(mediaKey);
        send({ type: 'wrappedKey', wrapped: toBase64(wrapped), salt: toBase64(salt), keyId });
        const offerer = newPeerConnection();
        await offerer.setLocalDescription(await offerer.createOffer());
        send({ type: 'offer', sdp: offerer.localDescription.sdp });
      }
      break;
    case 'wrappedKey': {
      const key = await unwrapMediaKey(fromBase64(message.wrapped), fromBase64(message.salt), keyPair, peerPublic,
        testHooks);
      keyId = (message.keyId - 1 + 256) % 256;
      await useKey(key);
      break;
    }
    case 'offer': {
      const answerer = newPeerConnection();
      await answerer.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      await flushIce();
      await answerer.setLocalDescription(await answerer.createAnswer());
      send({ type: 'answer', sdp: answerer.localDescription.sdp });
      break;
    }
    case 'answer':
      await pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      await flushIce();
      break;
    case 'ice':
      await addIce(message);
      break;
    case 'sentBack':
      guestControls(false);
      closePeerConnection();
      say('Your client is back in the waiting room.');
      break;
    case 'left':
      if (seat === 'HOST') {
        dropWaiting(message.participant);
        if (message.participant === guestId) {
          guestControls(false);
          closePeerConnection();
          say('Your client left the session.');
        }
      } else {
        closePeerConnection();
        say('Your clinician left the session.');
      }
      break;
    case 'locked':
    case 'unlocked':
      locked = message.type === 'locked';
      document.getElementById('lock').textContent = locked ? 'Unlock the room' : 'Lock the room';
      break;
    case 'removed':
      finish('Your clinician ended your part of the session.', 'removed');
      break;
    case 'ended':
      finish('The session has ended.', 'ended');
      break;
    case 'refused':
      media.refused = message.reason;
      if (['locked', 'not-found'].includes(message.reason)) finish(REFUSALS[message.reason], 'refused');
      else say(REFUSALS[message.reason] || 'That was refused.');
      break;
    default:
      break;
  }
}

joinButton.addEventListener('click', async () => {
  joinButton.disabled = true;
  media.joinClickedAt = performance.now();
  media.state = 'joining';
  say('Starting your camera and microphone...');
  try {
    localStream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  } catch (e) {
    say('Your camera or microphone could not be started. Check your browser\'s permissions, or try the device check.');
    joinButton.disabled = false;
    return;
  }
  localVideo.srcObject = localStream;
  keyPair = await newKeyPair();
  myPublic = await exportPublic(keyPair);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${location.host}${root.dataset.signal}?room=${encodeURIComponent(root.dataset.room)}`);
  let queue = Promise.resolve();
  socket.onopen = () => send({ type: 'join' });
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    queue = queue.then(() => handle(message)).catch(() => say('Something went wrong; leave and join again.'));
  };
  socket.onclose = () => {
    if (!['ended', 'removed', 'refused', 'left'].includes(media.state)) {
      finish(media.state === 'joining' ? REFUSALS['not-found'] : 'The connection to the room was closed.', 'closed');
    }
  };
});

leaveButton.addEventListener('click', () => {
  send({ type: 'leave' });
  finish('You left the session.', 'left');
});
