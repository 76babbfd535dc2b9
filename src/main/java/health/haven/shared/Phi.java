package health.haven.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks protected health information: a field, record component or whole type whose value must never reach a log
 * line, an exception message, an event, a metric, a URL or an e-mail.
 *
 * <p>Types that carry a {@code @Phi} member must override {@code toString()} with {@link Redaction#describe(Object)}
 * (an architecture test checks it), and {@link health.haven.shared.logging.PhiLogGuard} drops any log event that
 * still passes such a value as an argument.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE, ElementType.PARAMETER,
		ElementType.METHOD })
public @interface Phi {
}
