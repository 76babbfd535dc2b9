package health.haven.shared;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import health.haven.shared.logging.PhiLogGuard;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PhiGuardTests {

	static final String NAME = "Evelyn Marsh-Testperson";

	static final String DIAGNOSIS = "F10.20 alcohol use disorder";

	record ClientSummary(String clientId, @Phi String name, @Phi String diagnosis) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	record LeakyIntake(@Phi String note) {
	}

	private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

	private Logger root;

	@BeforeEach
	void captureLogs() {
		PhiLogGuard.install();
		root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		captured.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		captured.start();
		root.addAppender(captured);
	}

	@AfterEach
	void stopCapturing() {
		root.detachAppender(captured);
	}

	@Test
	void phiMembersAreRedactedInToString() {
		String text = new ClientSummary("c-42", NAME, DIAGNOSIS).toString();
		assertThat(text).contains("c-42").doesNotContain(NAME).doesNotContain(DIAGNOSIS).contains(Redaction.REDACTED);
	}

	@Test
	void aLogEventCarryingPhiIsDroppedEvenWhenItsTypeForgotToRedact() {
		LoggerFactory.getLogger("health.haven.test").info("Admitted {}", new LeakyIntake(NAME));
		assertThat(allLogText()).doesNotContain(NAME).contains("carried PHI");
	}

	@Test
	void aLogEventWithoutPhiPassesUnchanged() {
		LoggerFactory.getLogger("health.haven.test").info("Admitted client {}", "c-42");
		assertThat(allLogText()).contains("Admitted client c-42");
	}

	@Test
	void scrubbedExceptionsKeepTypesAndFramesButNoMessages() {
		IllegalStateException leaky = new IllegalStateException("duplicate key (name)=(" + NAME + ")",
				new RuntimeException("note text: " + DIAGNOSIS));
		Throwable scrubbed = Redaction.scrub(leaky);
		LoggerFactory.getLogger("health.haven.test").error("failed", scrubbed);
		String logged = allLogText();
		assertThat(logged).contains("IllegalStateException").doesNotContain(NAME).doesNotContain(DIAGNOSIS);
		assertThat(scrubbed.getStackTrace()).isEqualTo(leaky.getStackTrace());
	}

	@Test
	void havenExceptionsKeepTheirCodeWhenScrubbed() {
		Throwable scrubbed = Redaction.scrub(new HavenException("RECORDS_NOTE_ALREADY_SIGNED",
				HavenException.Kind.CONFLICT, "a signed note cannot be edited"));
		assertThat(scrubbed.getMessage()).contains("RECORDS_NOTE_ALREADY_SIGNED");
	}

	private String allLogText() {
		return captured.list.stream().map(event -> {
			String text = event.getFormattedMessage();
			if (event.getThrowableProxy() != null) {
				text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
			}
			return text;
		}).collect(Collectors.joining("\n"));
	}

}
