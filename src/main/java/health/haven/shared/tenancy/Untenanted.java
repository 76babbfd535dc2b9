package health.haven.shared.tenancy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code DataSource} bean: its connections are not given the current organization, because it only serves
 * tables that belong to no tenant and have no row-level security (Spring Session's, ADR 0016). Everything else uses
 * the application's data source, which is always tenant-scoped.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Untenanted {

}
