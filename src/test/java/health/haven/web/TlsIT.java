package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Handshakes with OpenSSL's client, which (unlike the JDK's) can still be told to offer the old protocols, so that a
 * refusal comes from Haven and not from the client.
 */
@Covers("SEC-TS-01")
class TlsIT {

	final TestServer server = TestServer.get();

	@ParameterizedTest
	@ValueSource(strings = { "-tls1", "-tls1_1" })
	void handshakesBelowTls12AreRefusedByTheServer(String protocol) throws Exception {
		Handshake handshake = openssl(protocol, "DEFAULT:@SECLEVEL=0");
		assertThat(handshake.succeeded()).as(handshake.output()).isFalse();
		assertThat(handshake.output()).as("the server, not the client, must refuse")
			.doesNotContain("no protocols available")
			.containsIgnoringCase("alert");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-tls1_2", "-tls1_3" })
	void tls12And13HandshakesSucceed(String protocol) throws Exception {
		Handshake handshake = openssl(protocol, null);
		assertThat(handshake.succeeded()).as(handshake.output()).isTrue();
	}

	@Test
	void weakTls12CipherSuitesAreRefused() throws Exception {
		Handshake handshake = openssl("-tls1_2", "AES128-SHA:AES256-SHA:DES-CBC3-SHA:@SECLEVEL=0");
		assertThat(handshake.succeeded()).as(handshake.output()).isFalse();
	}

	@Test
	void theJdkNegotiatesTls13ByDefault() throws Exception {
		try (SSLSocket socket = (SSLSocket) server.sslContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
			socket.startHandshake();
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
		}
	}

	private Handshake openssl(String protocol, String ciphers) throws IOException, InterruptedException {
		var command = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client", "-connect",
				"127.0.0.1:" + server.port(), "-servername", "localhost", protocol, "-brief"));
		if (ciphers != null) {
			command.add(protocol.equals("-tls1_3") ? "-ciphersuites" : "-cipher");
			command.add(ciphers);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean established = output.contains("CONNECTION ESTABLISHED") || output.contains("Protocol version:");
		return new Handshake(process.exitValue() == 0 && established, output);
	}

	record Handshake(boolean succeeded, String output) {
	}

}
