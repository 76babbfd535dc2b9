// The device check: camera preview, a microphone level and whether this browser can join an encrypted session.
// Nothing is sent anywhere; it needs no sign-in.
const start = document.getElementById('start-check');
const status = document.getElementById('check-status');
const preview = document.getElementById('preview');
const level = document.getElementById('level');
const results = document.getElementById('check-results');

function result(text, ok) {
  const item = document.createElement('li');
  item.textContent = `${ok ? 'OK' : 'Problem'}: ${text}`;
  item.dataset.ok = String(ok);
  results.append(item);
}

start.addEventListener('click', async () => {
  start.disabled = true;
  results.replaceChildren();
  const encrypted = 'RTCRtpScriptTransform' in window
    || (window.RTCRtpSender && 'createEncodedStreams' in RTCRtpSender.prototype);
  result(encrypted ? 'this browser can join end-to-end encrypted sessions'
    : 'this browser cannot encrypt video end to end; use a current Chrome, Edge or Safari', encrypted);
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    preview.srcObject = stream;
    result(`camera: ${stream.getVideoTracks()[0]?.label || 'none'}`, stream.getVideoTracks().length > 0);
    result(`microphone: ${stream.getAudioTracks()[0]?.label || 'none'}`, stream.getAudioTracks().length > 0);
    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const s of samples) peak = Math.max(peak, Math.abs(s - 128) / 128);
      level.value = peak;
      requestAnimationFrame(tick);
    };
    tick();
    status.textContent = 'Check done. If you see yourself and the level moves when you speak, you are ready.';
  } catch (e) {
    result('the camera or microphone could not be started: allow them in your browser\'s settings', false);
    status.textContent = 'Check done, with problems.';
  }
  start.disabled = false;
});
