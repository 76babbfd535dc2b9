package health.haven.records.intake;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of question an intake template may ask, by the names template definitions use. */
public enum ItemType {

	TEXT("text"), LONG_TEXT("long_text"), SINGLE_CHOICE("single_choice"), MULTIPLE_CHOICE("multiple_choice"),
	NUMBER("number"), DATE("date"), YES_NO("yes_no");

	private final String wireName;

	ItemType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return wireName;
	}

	public boolean hasChoices() {
		return this == SINGLE_CHOICE || this == MULTIPLE_CHOICE;
	}

	public boolean isText() {
		return this == TEXT || this == LONG_TEXT;
	}

	public static Optional<ItemType> named(String name) {
		return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
	}

}
