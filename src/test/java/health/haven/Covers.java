package health.haven;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The requirement IDs of {@code ../shared/design/REGULATIONS.md} that a test proves. The test run writes
 * {@code docs/compliance/traceability.md} from these, with whether each test passed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Covers {

	String[] value();

}
