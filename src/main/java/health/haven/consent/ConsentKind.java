package health.haven.consent;

import java.util.Arrays;
import java.util.Optional;

/** The texts a client signs before telehealth: each is versioned, and a new version needs a new signature. */
public enum ConsentKind {

	/** Informed consent to telehealth (TH-CON-01): before the first session of any kind. */
	TELEHEALTH("telehealth", "Telehealth informed consent"),
	/** The group confidentiality agreement: before the first group. */
	GROUP_AGREEMENT("group-agreement", "Group confidentiality agreement");

	private final String slug;

	private final String title;

	ConsentKind(String slug, String title) {
		this.slug = slug;
		this.title = title;
	}

	/** The kind's name in URLs and resource names. */
	public String slug() {
		return slug;
	}

	public String title() {
		return title;
	}

	public static Optional<ConsentKind> fromSlug(String slug) {
		return Arrays.stream(values()).filter(kind -> kind.slug.equals(slug)).findFirst();
	}

}
