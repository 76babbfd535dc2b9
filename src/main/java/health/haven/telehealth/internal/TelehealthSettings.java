package health.haven.telehealth.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Telehealth settings: how long an empty room stays open ({@code haven.telehealth.idle-close}, default 15 minutes),
 * the ICE servers browsers use ({@code haven.telehealth.ice-servers}, comma-separated STUN/TURN URLs; none on
 * loopback), whether test hooks are on ({@code haven.telehealth.test-hooks}: never in production) and how people
 * appear in group rooms ({@code haven.telehealth.group-names}: first-name-last-initial, first-name or initials).
 */
@Component
public class TelehealthSettings {

	private final Duration idleClose;

	private final List<String> iceServers;

	private final boolean testHooks;

	private final GroupNames groupNames;

	TelehealthSettings(@Value("${haven.telehealth.idle-close:PT15M}") Duration idleClose,
			@Value("${haven.telehealth.ice-servers:}") String iceServers,
			@Value("${haven.telehealth.test-hooks:false}") boolean testHooks,
			@Value("${haven.telehealth.group-names:FIRST_NAME_LAST_INITIAL}") String groupNames) {
		this.groupNames = GroupNames.valueOf(groupNames.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		this.idleClose = idleClose;
		this.iceServers = Arrays.stream(iceServers.split(",")).map(String::strip).filter(url -> !url.isEmpty())
			.filter(url -> url.matches("(stun|stuns|turn|turns):[A-Za-z0-9.:\\-\\[\\]?=&_]+")).toList();
		this.testHooks = testHooks;
	}

	public Duration idleClose() {
		return idleClose;
	}

	public List<String> iceServers() {
		return iceServers;
	}

	public boolean testHooks() {
		return testHooks;
	}

	/** How people appear to each other in group rooms ({@code haven.telehealth.group-names}). */
	GroupNames groupNames() {
		return groupNames;
	}

}
