package health.haven.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import health.haven.shared.Redaction;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * The last line of defence between PHI and the log: a log event that passes a {@link health.haven.shared.Phi}-bearing
 * value as an argument is dropped before any appender formats it, and a warning naming only the logger takes its
 * place. The first line of defence is that such types redact themselves in {@code toString()}.
 */
public final class PhiLogGuard extends TurboFilter {

	static final String GUARD_LOGGER = "health.haven.PhiLogGuard";

	/** Installs the guard on the running Logback context, once. */
	public static void install() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		boolean present = context.getTurboFilterList().stream().anyMatch(PhiLogGuard.class::isInstance);
		if (!present) {
			PhiLogGuard guard = new PhiLogGuard();
			guard.setContext(context);
			guard.start();
			context.addTurboFilter(guard);
		}
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable thrown) {
		if (params == null || GUARD_LOGGER.equals(logger.getName())) {
			return FilterReply.NEUTRAL;
		}
		for (Object param : params) {
			if (Redaction.carriesPhi(param)) {
				logger.getLoggerContext()
					.getLogger(GUARD_LOGGER)
					.warn("Dropped a log event from {} because an argument carried PHI", logger.getName());
				return FilterReply.DENY;
			}
		}
		return FilterReply.NEUTRAL;
	}

}
