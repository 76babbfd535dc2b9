package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.ClientProfile;
import health.haven.records.ClientProfiles;
import health.haven.records.ProfileChange;
import health.haven.records.ProfileSection;
import health.haven.records.RiskFlag;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A client's profile over JSON. A section the caller may not see comes back as {@code null}; a change gives only the
 * sections it replaces, with the version it started from ({@code basedOn}): a stale one is 409 and changes nothing.
 */
@RestController
@RequestMapping("/api/v1/clients/{id}/profile")
class ClientProfileApi {

	private final ClientProfiles profiles;

	private final AccessDecisions decisions;

	ClientProfileApi(ClientProfiles profiles, AccessDecisions decisions) {
		this.profiles = profiles;
		this.decisions = decisions;
	}

	@Operation(summary = "The client's profile, with the sections the caller may see (others are null)")
	@GetMapping
	ProfileJson profile(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return ProfileJson.of(profiles.of(actor, ChartRequests.clientId(id),
				ChartRequests.purpose(decisions, actor, purpose)));
	}

	@Operation(summary = "Change sections of the profile (those given replace what is recorded); 409 when stale")
	@PutMapping
	Map<String, Integer> change(@PathVariable String id, @RequestBody(required = false) ChangeJson change) {
		Actor actor = CurrentActor.require();
		ChangeJson given = change == null ? new ChangeJson(null, null, null, null) : change;
		int version = profiles.change(actor, ChartRequests.clientId(id),
				new ProfileChange(given.basedOn() == null ? -1 : given.basedOn(), given.demographics(),
						given.insurance(), given.riskFlags() == null ? null
								: given.riskFlags().stream().map(FlagJson::flag).toList()));
		return Map.of("version", version);
	}

	/**
	 * @param insurance null when the caller may not see insurance
	 * @param riskFlags null when the caller may not see risk flags
	 * @param mayChange the sections the caller may change now
	 */
	record ProfileJson(String client, int version, Instant updatedAt, @Phi ClientProfile.Demographics demographics,
			@Phi ClientProfile.Insurance insurance, @Phi List<FlagJson> riskFlags, Set<ProfileSection> mayChange) {

		static ProfileJson of(ClientProfile profile) {
			return new ProfileJson(profile.client().toString(), profile.version(), profile.updatedAt(),
					profile.demographics(), profile.insurance(), profile.riskFlags() == null ? null
							: profile.riskFlags().stream().map(FlagJson::of).toList(),
					profile.mayChange());
		}

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/** A change: basedOn and the sections to replace; a section left out (or null) stays as it is. */
	record ChangeJson(Integer basedOn, @Phi ClientProfile.Demographics demographics,
			@Phi ClientProfile.Insurance insurance, @Phi List<FlagJson> riskFlags) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/** A risk flag by its kind's name (SUICIDE_RISK, SELF_HARM...), with its label on the way out. */
	record FlagJson(@Phi String kind, @Phi String label, @Phi String note) {

		static FlagJson of(RiskFlag flag) {
			return new FlagJson(flag.kind().name(), flag.kind().label(), flag.note());
		}

		RiskFlag flag() {
			return new RiskFlag(kind(kind), note);
		}

		/** An unknown kind becomes none, which the profile refuses once it has decided the caller may change it. */
		static RiskFlag.Kind kind(String name) {
			try {
				return name == null ? null : RiskFlag.Kind.valueOf(name.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

}
