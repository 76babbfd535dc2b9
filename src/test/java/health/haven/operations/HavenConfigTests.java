package health.haven.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HavenConfigTests {

	@Test
	void defaultsAreEmbeddedDatabaseHttpsOn8443AndLoopbackOnly() {
		HavenConfig config = HavenConfig.fromEnvironment(Map.of(), false);
		assertThat(config.embeddedDatabase()).isTrue();
		assertThat(config.port()).isEqualTo(8443);
		assertThat(config.loopbackOnly()).isTrue();
		assertThat(config.dataDir().getFileName().toString()).isEqualTo("haven-data");
	}

	@Test
	void demoDataIsOnlyAllowedOnALoopbackBind() {
		assertThat(HavenConfig.fromEnvironment(Map.of("HAVEN_BIND", "127.0.0.1"), true).loopbackOnly()).isTrue();
		assertThat(HavenConfig.fromEnvironment(Map.of("HAVEN_BIND", "::1"), true).loopbackOnly()).isTrue();
		assertThat(HavenConfig.fromEnvironment(Map.of("HAVEN_BIND", "0.0.0.0"), true).loopbackOnly()).isFalse();
	}

	@Test
	void anExternalDatabaseIsUsedWhenHavenDbUrlIsSet() {
		HavenConfig config = HavenConfig.fromEnvironment(
				Map.of("HAVEN_DB_URL", "jdbc:postgresql://db:5432/haven", "HAVEN_DB_PASSWORD", "s3cret-value"), false);
		assertThat(config.embeddedDatabase()).isFalse();
		assertThat(config.toString()).doesNotContain("s3cret-value");
	}

	@Test
	void aPortOutOfRangeIsRefusedWithTheSettingsName() {
		assertThatThrownBy(() -> HavenConfig.fromEnvironment(Map.of("HAVEN_PORT", "70000"), false))
			.isInstanceOf(StartupFailure.class)
			.hasMessageContaining("HAVEN_PORT");
	}

}
