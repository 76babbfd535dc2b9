// A session room: waiting room, signaling over the room's WebSocket, and video with every frame end-to-end encrypted
// in a worker (see e2ee-worker.js and keys.js). An individual room connects two browsers peer to peer; a group room
// connects through the media server (Haven relays this page's requests to it) or, without one, as a peer-to-peer mesh
// of up to four. The server decides who may join and relays only what this page sends it: SDP, ICE candidates,
// public keys, wrapped media keys and encrypted chat.
//
// Keys: the leader (the first host in the room) makes the AES-GCM media key and wraps it to each admitted
// participant's ECDH public key; whenever someone leaves, is sent back or is removed, the leader makes a new key and
// wraps it to those who remain, so that they cannot decrypt what follows.
import {
  exportPublic, fromBase64, newKeyPair, newMediaKey, safetyCode, toBase64, toHex, unwrapMediaKey, wrapMediaKey,
} from './keys.js';

const root = document.getElementById('room');
const seat = root.dataset.seat;
const group = root.dataset.group === 'true';
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

// Counters the page exposes (the browser tests read them): frames through the cipher, and timings.
const media = { mode, encrypted: 0, decrypted: 0, dropped: 0, decryptFailures: 0, joinClickedAt: null,
  admittedAt: null, firstRemoteFrameAt: null, safetyCode: null, state: 'ready', refused: null, keyRotations: 0,
  participant: null, leader: null, transport: null, chat: [], mediaRestarts: 0 };
window.havenMedia = media;
const testKeys = [];
if (testHooks) window.havenTest = { rawKeysHex: testKeys };

let worker;
let socket;
let keyPair;
let myPublic;
let myId = null;
let leaderId = null;
let transport = null; // 'p2p' | 'mesh' | 'janus'
let iceServers = [];
let localStream;
let locked = false;
let keyId = 0;
let currentKey = null;
const keysById = new Map();
// The other admitted participants: id -> { name, seat, key (raw public key), pc, pendingIce }.
const peers = new Map();
// Through the media server: my publishing connection and one receiving connection per feed.
let publisher = null;
const feeds = new Map(); // feed id -> { participant, pc }
const connections = new Set();
window.havenPeerConnections = () => [...connections];

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

function newConnection() {
  const config = { iceServers };
  if (mode === 'encoded-streams') config.encodedInsertableStreams = true;
  const pc = new RTCPeerConnection(config);
  connections.add(pc);
  window.havenPeerConnection = pc;
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === 'connected' && !['ended', 'removed', 'left'].includes(media.state)) {
      media.state = 'connected';
      say('Connected. Video and sound are end-to-end encrypted.');
    }
  };
  return pc;
}

function closeConnection(pc) {
  if (!pc) return;
  pc.close();
  connections.delete(pc);
}

// Video tiles: the other person in an individual room; one labelled tile per participant in a group.
function tileFor(participant) {
  if (!group) return remoteVideo;
  let figure = document.querySelector(`#videos figure[data-participant="${participant}"]`);
  if (!figure) {
    figure = document.createElement('figure');
    figure.dataset.participant = participant;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    const caption = document.createElement('figcaption');
    caption.textContent = peers.get(participant)?.name || 'Participant';
    video.setAttribute('aria-label', caption.textContent);
    figure.append(video, caption);
    document.getElementById('videos').append(figure);
  }
  return figure.querySelector('video');
}

function dropTile(participant) {
  if (!group) {
    remoteVideo.srcObject = null;
    return;
  }
  document.querySelector(`#videos figure[data-participant="${participant}"]`)?.remove();
}

function showRemote(participant, stream) {
  const video = tileFor(participant);
  video.srcObject = stream;
  const firstFrame = () => {
    if (media.firstRemoteFrameAt === null) media.firstRemoteFrameAt = performance.now();
  };
  if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(firstFrame);
  else video.addEventListener('playing', firstFrame, { once: true });
}

function receiving(pc, participant) {
  pc.ontrack = (event) => {
    transform(event.receiver, 'decrypt');
    if (event.track.kind === 'video') showRemote(participant, event.streams[0] || new MediaStream([event.track]));
  };
}

// Peer to peer (individual rooms and the mesh): one connection per other admitted participant.
function peerConnection(participant) {
  const peer = peers.get(participant);
  if (!peer) return null;
  closeConnection(peer.pc);
  const pc = newConnection();
  for (const track of localStream.getTracks()) {
    transform(pc.addTrack(track, localStream), 'encrypt');
  }
  receiving(pc, participant);
  pc.onicecandidate = (event) => {
    if (event.candidate) {
      send({ type: 'ice', to: participant, candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid,
        sdpMLineIndex: event.candidate.sdpMLineIndex });
    }
  };
  peer.pc = pc;
  peer.pendingIce = [];
  return pc;
}

async function offerTo(participant) {
  const pc = peerConnection(participant);
  if (!pc) return;
  await pc.setLocalDescription(await pc.createOffer());
  send({ type: 'offer', to: participant, sdp: pc.localDescription.sdp });
}

async function flushIce(peer) {
  for (const candidate of peer.pendingIce.splice(0)) await peer.pc.addIceCandidate(candidate);
}

// Through the media server: publish once, receive each other participant's feed.
async function publish() {
  closeConnection(publisher);
  publisher = newConnection();
  for (const track of localStream.getTracks()) {
    transform(publisher.addTransceiver(track, { direction: 'sendonly', streams: [localStream] }).sender, 'encrypt');
  }
  publisher.onicecandidate = (event) => {
    send({ type: 'media', op: 'trickle', candidate: event.candidate ? {
      candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid, sdpMLineIndex: event.candidate.sdpMLineIndex,
    } : null });
  };
  await publisher.setLocalDescription(await publisher.createOffer());
  send({ type: 'media', op: 'publish', sdp: publisher.localDescription.sdp });
}

async function onMedia(message) {
  switch (message.op) {
    case 'ready':
      // Also after the media server was restarted: what came through the old one is gone, its feeds with it.
      for (const entry of feeds.values()) closeConnection(entry.pc);
      feeds.clear();
      if (message.restart) media.mediaRestarts++;
      await publish();
      break;
    case 'published':
      await publisher.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      break;
    case 'feeds':
      for (const feed of message.feeds || []) {
        if (!feeds.has(feed.feed) && feed.participant !== myId) {
          feeds.set(feed.feed, { participant: feed.participant, pc: null });
          send({ type: 'media', op: 'subscribe', feed: feed.feed });
        }
      }
      break;
    case 'offer': {
      const entry = feeds.get(message.feed);
      if (!entry) return;
      closeConnection(entry.pc);
      const pc = newConnection();
      entry.pc = pc;
      receiving(pc, entry.participant);
      pc.onicecandidate = (event) => {
        send({ type: 'media', op: 'trickle', feed: message.feed, candidate: event.candidate ? {
          candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid,
          sdpMLineIndex: event.candidate.sdpMLineIndex,
        } : null });
      };
      await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      send({ type: 'media', op: 'start', feed: message.feed, sdp: pc.localDescription.sdp });
      break;
    }
    case 'feedLeft': {
      const entry = feeds.get(message.feed);
      if (entry) {
        closeConnection(entry.pc);
        feeds.delete(message.feed);
      }
      break;
    }
    default:
      break;
  }
}

// Keys.
async function useKey(key, id) {
  keyId = id;
  currentKey = key;
  keysById.set(id, key);
  worker.postMessage({ type: 'key', key, keyId: id });
  media.keyRotations++;
  if (testHooks) testKeys.push(toHex(new Uint8Array(await crypto.subtle.exportKey('raw', key))));
}

async function wrapTo(participant) {
  const peer = peers.get(participant);
  if (!peer || !peer.key || !currentKey) return;
  const { wrapped, salt } = await wrapMediaKey(currentKey, keyPair, peer.key);
  send({ type: 'wrappedKey', to: participant, wrapped: toBase64(wrapped), salt: toBase64(salt), keyId });
}

// The leader makes a new media key and hands it to everyone admitted whose public key it has.
async function rotateKey() {
  if (leaderId !== myId) return;
  await useKey(await newMediaKey(), (keyId + 1) % 256);
  for (const participant of peers.keys()) await wrapTo(participant);
}

async function setLeader(id) {
  const was = leaderId;
  leaderId = id || null;
  media.leader = leaderId;
  if (leaderId === myId && was !== myId) await rotateKey();
}

async function showSafetyCode() {
  const all = [myPublic, ...[...peers.values()].filter(peer => peer.key).map(peer => peer.key)];
  if (all.length < 2) return;
  media.safetyCode = await safetyCode(all);
  codeLine.textContent = media.safetyCode;
}

function addPeer(entry) {
  if (entry.participant === myId) return;
  const peer = peers.get(entry.participant) || { pc: null, pendingIce: [] };
  peer.name = entry.name || '';
  peer.seat = entry.seat;
  if (entry.key) peer.key = fromBase64(entry.key);
  peers.set(entry.participant, peer);
  showPeople();
}

function removePeer(participant) {
  const peer = peers.get(participant);
  if (peer) closeConnection(peer.pc);
  peers.delete(participant);
  for (const [feed, entry] of feeds) {
    if (entry.participant === participant) {
      closeConnection(entry.pc);
      feeds.delete(feed);
    }
  }
  dropTile(participant);
  showPeople();
}

// The people in a group room, by the short name the room shows, with the host's controls next to guests.
function showPeople() {
  const list = document.getElementById('people-list');
  if (!list) return;
  list.replaceChildren();
  for (const [participant, peer] of peers) {
    const item = document.createElement('li');
    item.dataset.participant = participant;
    item.textContent = `${peer.name}${peer.seat === 'HOST' ? ' (facilitator)' : ''} `;
    if (seat === 'HOST' && peer.seat === 'GUEST') {
      for (const [type, label] of [['askMute', 'Ask to mute'], ['sendBack', 'Send to waiting room'], ['remove', 'Remove']]) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = `button ${type}`;
        button.textContent = label;
        button.addEventListener('click', () => send({ type, participant }));
        item.append(button);
      }
    }
    list.append(item);
  }
}

function finish(text, state) {
  media.state = state;
  say(text);
  for (const pc of [...connections]) closeConnection(pc);
  peers.clear();
  feeds.clear();
  if (remoteVideo) remoteVideo.srcObject = null;
  if (localStream) localStream.getTracks().forEach(track => track.stop());
  worker.postMessage({ type: 'forget' });
  leaveButton.hidden = true;
  document.getElementById('chat').hidden = true;
  for (const id of ['mute', 'camera']) document.getElementById(id).hidden = true;
  const controls = document.getElementById('host-controls');
  if (controls) controls.hidden = true;
}

// Host controls.
function waitingEntry(message) {
  const list = document.getElementById('waiting-list');
  if (!list) return;
  list.querySelector(`[data-participant="${message.participant}"]`)?.remove();
  const item = document.createElement('li');
  item.dataset.participant = message.participant;
  item.textContent = group ? `${message.name} is waiting. ` : 'Your client is waiting. ';
  if (message.blocked && message.blocked.length) {
    item.classList.add('blocked');
    const why = document.createElement('span');
    why.className = 'blocked-reason';
    why.textContent = `Cannot be admitted: ${message.blocked.map(unmet => unmet.reason).join(' ')}`;
    item.append(why);
  } else {
    const admit = document.createElement('button');
    admit.type = 'button';
    admit.className = 'button admit';
    admit.textContent = 'Admit';
    admit.addEventListener('click', () => send({ type: 'admit', participant: message.participant }));
    item.append(admit);
  }
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

function onlyGuest() {
  return [...peers.entries()].find(([, peer]) => peer.seat === 'GUEST')?.[0];
}

if (seat === 'HOST') {
  document.getElementById('send-back')?.addEventListener('click', () => send({ type: 'sendBack', participant: onlyGuest() }));
  document.getElementById('remove')?.addEventListener('click', () => send({ type: 'remove', participant: onlyGuest() }));
  document.getElementById('admit-all')?.addEventListener('click', () => send({ type: 'admitAll' }));
  document.getElementById('lock').addEventListener('click', () => send({ type: locked ? 'unlock' : 'lock' }));
  document.getElementById('end').addEventListener('click', () => send({ type: 'end' }));
}

const REFUSALS = {
  locked: 'The room is locked. Ask your clinician to unlock it.',
  'not-found': 'This room is not available to you, or it has closed.',
  'recording-not-offered': 'Sessions are never recorded.',
  gates: 'You cannot join yet: reload this page to see what is missing.',
  'group-too-large': 'Group video for more than four people needs the media server, which is not running: '
    + 'ask your administrator to enable it.',
};

// Encrypted chat: AES-GCM with the current media key, in this page; the server relays only ciphertext.
async function sendChat(text) {
  if (!currentKey || !text) return;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, currentKey,
    new TextEncoder().encode(text)));
  send({ type: 'chat', ciphertext: toBase64(sealed), iv: toBase64(iv), keyId });
  showChat('You', text);
}

async function receiveChat(message) {
  const key = keysById.get(message.keyId);
  if (!key) return;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(message.iv) }, key,
      fromBase64(message.ciphertext));
    showChat(peers.get(message.from)?.name || (group ? 'Participant' : 'The other person'),
      new TextDecoder().decode(plain));
  } catch (e) {
    // Not decryptable with the keys this page holds: not shown.
  }
}

function showChat(who, text) {
  media.chat.push(text);
  const item = document.createElement('li');
  item.textContent = `${who}: ${text}`;
  document.getElementById('chat-log').append(item);
}

document.getElementById('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('chat-text');
  sendChat(input.value.trim());
  input.value = '';
});

// Once admitted (a host on joining, a guest when let in): hand over my public key, then connect.
async function inTheRoom(message) {
  for (const entry of message.peers || []) addPeer(entry);
  document.getElementById('chat').hidden = false;
  for (const id of ['mute', 'camera']) document.getElementById(id).hidden = false;
  send({ type: 'publicKey', key: toBase64(myPublic) });
  await showSafetyCode();
  await setLeader(message.leader);
  if (transport !== 'janus') {
    for (const participant of peers.keys()) await offerTo(participant);
  }
}

async function handle(message) {
  switch (message.type) {
    case 'joined':
      myId = message.participant;
      media.participant = myId;
      transport = message.media;
      media.transport = transport;
      iceServers = message.iceServers || [];
      locked = message.locked;
      leaveButton.hidden = false;
      if (seat === 'HOST') {
        media.state = 'hosting';
        document.getElementById('host-controls').hidden = false;
        document.getElementById('lock').textContent = locked ? 'Unlock the room' : 'Lock the room';
        say(group ? 'You are in the room. Admit people as they arrive.' : 'You are in the room. Admit your client when they arrive.');
        await inTheRoom(message);
      }
      break;
    case 'waiting':
      if (seat === 'HOST') {
        waitingEntry(message);
      } else {
        media.state = 'waiting';
        for (const participant of [...peers.keys()]) removePeer(participant);
        closeConnection(publisher);
        publisher = null;
        say(group ? 'Please wait: the facilitator will let you in shortly.'
          : 'Please wait: your clinician will let you in shortly.');
      }
      break;
    case 'admitted':
      iceServers = message.iceServers || iceServers;
      media.state = 'admitted';
      media.admittedAt = performance.now();
      say('You have been let in. Connecting...');
      await inTheRoom(message);
      break;
    case 'arrived':
      addPeer(message);
      dropWaiting(message.participant);
      if (seat === 'HOST' && !group) guestControls(true);
      await setLeader(message.leader);
      break;
    case 'publicKey': {
      // A key may come before the news of its owner ('arrived' or the 'admitted' list): keep it either way.
      if (!peers.has(message.from)) addPeer({ participant: message.from });
      const peer = peers.get(message.from);
      peer.key = fromBase64(message.key);
      await showSafetyCode();
      if (leaderId === myId) {
        if (!currentKey) await rotateKey();
        else await wrapTo(message.from);
      }
      break;
    }
    case 'wrappedKey': {
      const leader = peers.get(message.from);
      if (!leader || !leader.key || message.from !== leaderId) break;
      const key = await unwrapMediaKey(fromBase64(message.wrapped), fromBase64(message.salt), keyPair, leader.key,
        testHooks);
      await useKey(key, message.keyId);
      break;
    }
    case 'offer': {
      const pc = peerConnection(message.from);
      if (!pc) break;
      await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      await flushIce(peers.get(message.from));
      await pc.setLocalDescription(await pc.createAnswer());
      send({ type: 'answer', to: message.from, sdp: pc.localDescription.sdp });
      break;
    }
    case 'answer': {
      const peer = peers.get(message.from);
      if (!peer || !peer.pc) break;
      await peer.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      await flushIce(peer);
      break;
    }
    case 'ice': {
      const peer = peers.get(message.from);
      if (!peer) break;
      const candidate = { candidate: message.candidate, sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex };
      if (!peer.pc || !peer.pc.remoteDescription) peer.pendingIce.push(candidate);
      else await peer.pc.addIceCandidate(candidate);
      break;
    }
    case 'media':
      await onMedia(message);
      break;
    case 'chat':
      await receiveChat(message);
      break;
    case 'left': {
      const wasGuest = peers.get(message.participant)?.seat === 'GUEST';
      removePeer(message.participant);
      dropWaiting(message.participant);
      if (seat === 'HOST' && !group && wasGuest) {
        guestControls(false);
        say(message.how === 'SENT_BACK' ? 'Your client is back in the waiting room.' : 'Your client left the session.');
      } else if (seat !== 'HOST' && !group && !peers.size) {
        say('Your clinician left the session.');
      }
      const was = leaderId;
      await setLeader(message.leader);
      // Whoever leaves must not decrypt what follows: the leader hands out a new key.
      if (leaderId === myId && was === myId) await rotateKey();
      break;
    }
    case 'muteRequest':
      document.getElementById('mute-request').hidden = false;
      break;
    case 'locked':
    case 'unlocked':
      locked = message.type === 'locked';
      document.getElementById('lock').textContent = locked ? 'Unlock the room' : 'Lock the room';
      break;
    case 'removed':
      finish(group ? 'The facilitator removed you from the session.' : 'Your clinician ended your part of the session.',
        'removed');
      break;
    case 'ended':
      finish('The session has ended.', 'ended');
      break;
    case 'signedOut':
      finish('You were signed out, so you have left the session. Sign in again to rejoin.', 'left');
      break;
    case 'refused':
      media.refused = message.reason;
      if (seat === 'HOST' && message.participant) {
        say(REFUSALS[message.reason] || 'That was refused.');
      } else if (['locked', 'not-found', 'gates'].includes(message.reason)) {
        finish(REFUSALS[message.reason], 'refused');
      } else {
        say(REFUSALS[message.reason] || 'That was refused.');
      }
      break;
    default:
      break;
  }
}

document.getElementById('mute').addEventListener('click', (event) => {
  const audio = localStream?.getAudioTracks() || [];
  const muted = audio.some(track => track.enabled);
  audio.forEach((track) => { track.enabled = !muted; });
  event.target.textContent = muted ? 'Unmute' : 'Mute';
  if (muted) document.getElementById('mute-request').hidden = true;
});

document.getElementById('camera').addEventListener('click', (event) => {
  const video = localStream?.getVideoTracks() || [];
  const off = video.some(track => track.enabled);
  video.forEach((track) => { track.enabled = !off; });
  event.target.textContent = off ? 'Turn camera on' : 'Turn camera off';
});

joinButton.addEventListener('click', async () => {
  joinButton.disabled = true;
  media.joinClickedAt = performance.now();
  media.state = 'joining';
  say('Starting your camera and microphone...');
  try {
    // Group tiles are small: a modest resolution keeps every participant's upload and decoding light.
    localStream = await navigator.mediaDevices.getUserMedia({ audio: true,
      video: group ? { width: { ideal: 480 }, height: { ideal: 360 }, frameRate: { ideal: 15 } } : true });
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
