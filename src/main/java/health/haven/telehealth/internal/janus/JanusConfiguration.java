package health.haven.telehealth.internal.janus;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Janus settings from {@code haven.telehealth.janus.*}, each defaulting to the operator's environment variable
 * ({@code HAVEN_JANUS}, {@code HAVEN_JANUS_URL}, {@code HAVEN_JANUS_ADMIN_URL}, {@code HAVEN_JANUS_ADMIN_SECRET},
 * {@code HAVEN_JANUS_ROOM_ADMIN_KEY}), as listed in the README.
 */
@Configuration(proxyBeanMethods = false)
class JanusConfiguration {

	@Bean
	JanusSettings janusSettings(@Value("${haven.telehealth.janus.mode:${HAVEN_JANUS:off}}") String mode,
			@Value("${haven.telehealth.janus.url:${HAVEN_JANUS_URL:}}") String url,
			@Value("${haven.telehealth.janus.admin-url:${HAVEN_JANUS_ADMIN_URL:}}") String adminUrl,
			@Value("${haven.telehealth.janus.admin-secret:${HAVEN_JANUS_ADMIN_SECRET:}}") String adminSecret,
			@Value("${haven.telehealth.janus.room-admin-key:${HAVEN_JANUS_ROOM_ADMIN_KEY:}}") String roomAdminKey,
			@Value("${haven.data-dir:haven-data}") Path dataDir,
			@Value("${haven.telehealth.janus.binary:janus}") String binary,
			@Value("${haven.telehealth.janus.rtp-ports:20000-40000}") String rtpPorts,
			@Value("${haven.telehealth.janus.start-timeout:PT15S}") Duration startTimeout) {
		return JanusSettings.of(mode, url, adminUrl, adminSecret, roomAdminKey, dataDir.resolve("janus"), binary,
				rtpPorts, startTimeout);
	}

	@Bean
	JanusServer janusServer(JanusSettings settings) {
		return new JanusServer(settings);
	}

	@Bean
	GroupMediaHealth groupMediaHealthIndicator(JanusServer janusServer) {
		return new GroupMediaHealth(janusServer);
	}

}
