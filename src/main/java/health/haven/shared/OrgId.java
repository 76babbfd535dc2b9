package health.haven.shared;

import java.util.UUID;

/** An organization (tenant). */
public record OrgId(UUID value) {

	public static OrgId random() {
		return new OrgId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
