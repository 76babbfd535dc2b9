package health.haven.consent.internal;

import health.haven.consent.DataCategory;
import health.haven.identity.Role;
import health.haven.shared.Purpose;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rules, in one table: which role, on which basis, may see which categories of a client's data, for which
 * purposes (minimum necessary, DESIGN.md section 1). Anything not listed is denied.
 */
public final class AccessPolicy {

	/** What ties a person to a client. */
	public enum Basis {

		SELF, CARE_TEAM, PROGRAM, ORGANIZATION, BREAK_GLASS, AUTHOR

	}

	public record Grant(Role role, Basis basis, Set<DataCategory> categories, Set<Purpose> purposes) {
	}

	private static final Set<DataCategory> CHART = EnumSet.of(DataCategory.DEMOGRAPHIC, DataCategory.GENERAL,
			DataCategory.SUD_PART2);

	public static final List<Grant> GRANTS = List.of(
			new Grant(Role.CLIENT, Basis.SELF,
					EnumSet.of(DataCategory.DEMOGRAPHIC, DataCategory.GENERAL, DataCategory.SUD_PART2,
							DataCategory.BILLING),
					EnumSet.of(Purpose.PATIENT_REQUEST)),
			new Grant(Role.CLINICIAN, Basis.CARE_TEAM, CHART, EnumSet.of(Purpose.TREATMENT)),
			new Grant(Role.CLINICIAN, Basis.BREAK_GLASS, CHART, EnumSet.of(Purpose.EMERGENCY)),
			new Grant(Role.CLINICIAN, Basis.AUTHOR, EnumSet.of(DataCategory.PSYCHOTHERAPY_NOTE),
					EnumSet.of(Purpose.TREATMENT)),
			new Grant(Role.FACILITATOR, Basis.CARE_TEAM, CHART, EnumSet.of(Purpose.TREATMENT)),
			new Grant(Role.PROGRAM_DIRECTOR, Basis.CARE_TEAM, CHART, EnumSet.of(Purpose.TREATMENT, Purpose.OPERATIONS)),
			new Grant(Role.PROGRAM_DIRECTOR, Basis.PROGRAM, CHART, EnumSet.of(Purpose.TREATMENT, Purpose.OPERATIONS)),
			new Grant(Role.BILLING, Basis.ORGANIZATION, EnumSet.of(DataCategory.DEMOGRAPHIC, DataCategory.BILLING),
					EnumSet.of(Purpose.PAYMENT)),
			new Grant(Role.FRONT_DESK, Basis.ORGANIZATION, EnumSet.of(DataCategory.DEMOGRAPHIC),
					EnumSet.of(Purpose.OPERATIONS)),
			new Grant(Role.ORG_ADMIN, Basis.ORGANIZATION, EnumSet.of(DataCategory.DEMOGRAPHIC),
					EnumSet.of(Purpose.OPERATIONS)));

	private AccessPolicy() {
	}

	/** The purpose a role acts for when it does not say: the first purpose of its first grant. */
	public static Purpose usualPurpose(Role role) {
		return GRANTS.stream()
			.filter(grant -> grant.role() == role && grant.basis() != Basis.BREAK_GLASS)
			.findFirst()
			.map(grant -> grant.purposes().iterator().next())
			.orElse(Purpose.OPERATIONS);
	}

}
