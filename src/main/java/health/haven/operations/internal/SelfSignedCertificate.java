package health.haven.operations.internal;

import health.haven.shared.PrivateFiles;
import health.haven.operations.StartupFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate Haven serves when the operator has not configured a real one: an ECDSA P-256 certificate for
 * localhost, generated on first start and kept in the data directory (PKCS#12, password in a 0600 file), renewed
 * when less than 30 days remain.
 */
public final class SelfSignedCertificate {

	public static final String ALIAS = "haven";

	private static final Duration VALIDITY = Duration.ofDays(397);

	private SelfSignedCertificate() {
	}

	/** The key store and its password, generating them if missing or about to expire. */
	public static KeyStoreFile ensure(Path dataDir) {
		Path store = dataDir.resolve("tls").resolve("haven.p12");
		String password = SecretFiles.readOrCreate(dataDir.resolve("tls").resolve("keystore-password"));
		try {
			if (!Files.exists(store) || expiresWithin(store, password, Duration.ofDays(30))) {
				PrivateFiles.write(store, generate(password.toCharArray()));
			}
			return new KeyStoreFile(store, password);
		}
		catch (Exception ex) {
			throw new StartupFailure("cannot create the TLS certificate in " + store.getParent() + ": " + ex.getMessage(),
					ex);
		}
	}

	private static boolean expiresWithin(Path store, String password, Duration margin) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keyStore.load(in, password.toCharArray());
		}
		X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
		return certificate == null || certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(margin));
	}

	private static byte[] generate(char[] password) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair keys = generator.generateKeyPair();
		Instant now = Instant.now();
		X500Name subject = new X500Name("CN=localhost, O=Haven (self-signed)");
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
				new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
				Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
						new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
						new GeneralName(GeneralName.iPAddress, "::1") }));
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		X509Certificate certificate = new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		keyStore.setKeyEntry(ALIAS, keys.getPrivate(), password, new X509Certificate[] { certificate });
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		keyStore.store(out, password);
		return out.toByteArray();
	}

	/** A PKCS#12 key store on disk and its password. */
	public record KeyStoreFile(Path path, String password) {

		@Override
		public String toString() {
			return "KeyStoreFile[" + path + "]";
		}

	}

}
