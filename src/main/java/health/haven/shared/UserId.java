package health.haven.shared;

import java.util.UUID;

/** A user account: one per person, never shared. */
public record UserId(UUID value) {

	public static UserId random() {
		return new UserId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
