package health.haven.telehealth.internal.janus;

import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code groupMedia} health component: {@code UP} while group rooms can use the Janus Haven runs (or when group
 * media is off or an operator's Janus, which Haven does not watch), {@link #DEGRADED} while Haven's own Janus is down
 * and being started again: Haven serves everything, but groups going live meanwhile use the peer-to-peer mesh of at
 * most 4. {@code DEGRADED} ranks between {@code OUT_OF_SERVICE} and {@code UP} and answers HTTP 200
 * ({@code management.endpoint.health.status.order}), so a load balancer keeps sending people to Haven.
 */
public class GroupMediaHealth implements HealthIndicator {

	/** Working, with a part of it (group media through Janus) missing for now. */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final JanusServer janus;

	public GroupMediaHealth(JanusServer janus) {
		this.janus = janus;
	}

	@Override
	public Health health() {
		if (janus.mode() != JanusSettings.Mode.AUTO) {
			return Health.up().withDetail("janus", janus.mode().name().toLowerCase(Locale.ROOT)).build();
		}
		return (janus.available() ? Health.up() : Health.status(DEGRADED)).withDetail("janus", "auto")
			.withDetail("generation", janus.generation())
			.build();
	}

}
