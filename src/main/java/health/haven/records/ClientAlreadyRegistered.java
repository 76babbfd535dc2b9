package health.haven.records;

import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import java.util.Optional;

/**
 * A registration refused because the organization already has a client of that name and date of birth (409). Names
 * the existing client only to someone who may see that client; to anyone else it says no more than that the client
 * exists.
 */
public class ClientAlreadyRegistered extends HavenException {

	private final transient ClientId visibleExisting;

	ClientAlreadyRegistered(Optional<ClientId> visibleExisting) {
		super("RECORDS_CLIENT_ALREADY_REGISTERED", Kind.CONFLICT,
				"a client with this name and date of birth is already registered; find them instead of registering again");
		this.visibleExisting = visibleExisting.orElse(null);
	}

	/** The existing client, when the person registering may see them. */
	public Optional<ClientId> visibleExisting() {
		return Optional.ofNullable(visibleExisting);
	}

}
