package health.haven.crypto.internal;

import health.haven.crypto.BlindIndex;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.KeyManagement;
import health.haven.crypto.spi.KeyProvider;
import health.haven.crypto.spi.SealedColumns;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

	/**
	 * A {@link KeyProvider} bean (a KMS) wins; otherwise {@code HAVEN_MASTER_KEY}, otherwise the keystore file in
	 * {@code haven.data-dir}. The master key is loaded (and the file created) during start-up, so a missing key stops
	 * Haven before it serves anything.
	 */
	@Bean
	Keyring keyring(ObjectProvider<KeyProvider> custom, Environment environment, DataSource dataSource) {
		KeyProvider provider = custom.getIfAvailable(() -> {
			Map<String, String> env = new HashMap<>();
			for (String name : new String[] { MasterKeys.ENVIRONMENT_VARIABLE,
					MasterKeys.ENVIRONMENT_VARIABLE + "_PREVIOUS" }) {
				String value = environment.getProperty(name);
				if (value != null) {
					env.put(name, value);
				}
			}
			return MasterKeys.select(env, Path.of(environment.getRequiredProperty("haven.data-dir")));
		});
		Keyring keyring = new Keyring(provider, new JdbcKeyRecords(dataSource));
		keyring.checkMasterKey();
		return keyring;
	}

	@Bean
	FieldCipher fieldCipher(Keyring keyring) {
		return new FieldCipher(keyring);
	}

	@Bean
	BlindIndex blindIndex(Keyring keyring) {
		return new BlindIndex(keyring);
	}

	@Bean
	KeyManagement keyManagement(Keyring keyring, DataSource dataSource, FieldCipher cipher) {
		return new KeyManagement(keyring, new Reencryption(dataSource), cipher);
	}

	@Bean
	ReencryptionWorker reencryptionWorker(KeyManagement keys, ObjectProvider<SealedColumns> columns) {
		return new ReencryptionWorker(keys, () -> columns.orderedStream().toList());
	}

}
