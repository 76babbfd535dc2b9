package health.haven.telehealth;

import java.util.List;

/**
 * A week of the weekly-hours monitor ("2026-W48", with its neighbours for paging) and the clients shown, those below
 * their requirement first.
 */
public record HoursWeek(String week, String previous, String next, List<ClientHours> clients) {

	public HoursWeek {
		clients = List.copyOf(clients);
	}

	public long below() {
		return clients.stream().filter(ClientHours::belowRequirement).count();
	}

}
