package health.haven.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal blocking HTTP/1.1 client over one TLS keep-alive connection, for load benchmarks on a small machine where
 * the load generator shares the cores with the server: it does per request only what a request needs (write the
 * request, read the status, the headers and a fixed-length or chunked body), so that little of the machine goes to
 * measuring. GET and JSON POST; the connection is opened at construction and reused until closed.
 */
final class KeepAliveClient implements AutoCloseable {

	/** A response: its status and its body as text. */
	record Response(int status, String body) {
	}

	private final SSLContext tls;

	private final URI server;

	private final String host;

	private SSLSocket socket;

	private InputStream in;

	private OutputStream out;

	KeepAliveClient(SSLContext tls, URI server) throws IOException {
		this.tls = tls;
		this.server = server;
		this.host = server.getHost() + ":" + server.getPort();
		connect();
	}

	/**
	 * (Re)opens the connection: at the start, and after the server said it closes this one (Tomcat closes a keep-alive
	 * connection after its 100th request), as a browser would.
	 */
	private void connect() throws IOException {
		socket = (SSLSocket) tls.getSocketFactory().createSocket(server.getHost(), server.getPort());
		socket.setTcpNoDelay(true);
		socket.setSoTimeout(30_000);
		socket.startHandshake();
		in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
		out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
	}

	Response get(String path, String cookie, String accept) throws IOException {
		return send("GET", path, cookie, accept, "", null);
	}

	/** A JSON POST with the session's CSRF token (as a page's script sends it). */
	Response postJson(String path, String cookie, String csrfToken, String json) throws IOException {
		return send("POST", path, cookie, "application/json",
				"Content-Type: application/json\r\nX-CSRF-TOKEN: " + csrfToken + "\r\n",
				json.getBytes(StandardCharsets.UTF_8));
	}

	private Response send(String method, String path, String cookie, String accept, String headers, byte[] content)
			throws IOException {
		if (socket == null) {
			connect();
		}
		String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: " + accept
				+ "\r\nCookie: " + cookie + "\r\nUser-Agent: haven-bench\r\n" + headers
				+ (content == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n";
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		if (content != null) {
			out.write(content);
		}
		out.flush();
		String statusLine = line();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean closing = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(header.substring(15).strip());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				closing = true;
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
					size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
				copy(size, body);
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
		}
		else if (length >= 0) {
			copy(length, body);
		}
		if (closing) {
			socket.close();
			socket = null;
		}
		return new Response(status, body.toString(StandardCharsets.UTF_8));
	}

	private void copy(long count, ByteArrayOutputStream to) throws IOException {
		byte[] buffer = new byte[8192];
		long left = count;
		while (left > 0) {
			int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (n < 0) {
				throw new EOFException("the connection closed in the middle of a response");
			}
			to.write(buffer, 0, n);
			left -= n;
		}
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c < 0) {
				throw new EOFException("the connection closed in the middle of a response");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		if (socket != null) {
			socket.close();
		}
	}

}
