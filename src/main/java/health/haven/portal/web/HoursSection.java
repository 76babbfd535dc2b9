package health.haven.portal.web;

import health.haven.telehealth.ClientHours;
import health.haven.telehealth.WeeklyHours;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * This week's program hours against what the client's program requires (ASAM 2.1: adults at least 9 a week), from
 * {@link WeeklyHours#mine}; left out for a client not enrolled in a program this week.
 */
@Component
@Order(20)
class HoursSection implements HomeSection {

	private final WeeklyHours hours;

	HoursSection(WeeklyHours hours) {
		this.hours = hours;
	}

	@Override
	public Optional<Shown> show(PortalClient client) {
		return hours.mine(client.actor(), null)
			.clients()
			.stream()
			.filter(week -> week.client().equals(client.client()))
			.findFirst()
			.map(week -> new Shown("hours", (ClientHours) week));
	}

}
