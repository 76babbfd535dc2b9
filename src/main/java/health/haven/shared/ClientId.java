package health.haven.shared;

import java.util.UUID;

/** A client (patient) of an organization. An id only: it says nothing about the person. */
public record ClientId(UUID value) {

	public static ClientId random() {
		return new ClientId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
