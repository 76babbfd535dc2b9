package health.haven.shared;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Safe string forms of values that may carry PHI.
 */
public final class Redaction {

	public static final String REDACTED = "[redacted]";

	private Redaction() {
	}

	/**
	 * A {@code toString()} for records and classes with {@link Phi} members: the type name and its non-PHI members,
	 * with every {@code @Phi} member shown as {@value #REDACTED}.
	 */
	public static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		Class<?> type = value.getClass();
		if (type.isAnnotationPresent(Phi.class)) {
			return type.getSimpleName() + REDACTED;
		}
		StringJoiner members = new StringJoiner(", ", type.getSimpleName() + "[", "]");
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				members.add(component.getName() + "=" + memberText(component.isAnnotationPresent(Phi.class),
						() -> component.getAccessor().invoke(value)));
			}
		}
		else {
			for (Field field : type.getDeclaredFields()) {
				if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) || !field.trySetAccessible()) {
					continue;
				}
				members.add(field.getName() + "="
						+ memberText(field.isAnnotationPresent(Phi.class), () -> field.get(value)));
			}
		}
		return members.toString();
	}

	/** Whether a value's type declares PHI, as a whole or in any member. */
	public static boolean carriesPhi(Object value) {
		if (value == null) {
			return false;
		}
		Class<?> type = value.getClass();
		if (type.isAnnotationPresent(Phi.class)) {
			return true;
		}
		if (type.isRecord()) {
			return Arrays.stream(type.getRecordComponents()).anyMatch(c -> c.isAnnotationPresent(Phi.class));
		}
		for (Class<?> t = type; t != null && t != Object.class; t = t.getSuperclass()) {
			if (Arrays.stream(t.getDeclaredFields()).anyMatch(f -> f.isAnnotationPresent(Phi.class))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A copy of an exception chain that keeps types and stack frames but no messages, for logging exceptions whose
	 * messages may quote data (a driver quoting a duplicate key, a parser quoting its input).
	 */
	public static Throwable scrub(Throwable thrown) {
		if (thrown == null) {
			return null;
		}
		String text = thrown instanceof HavenException haven ? haven.getMessage() : REDACTED;
		ScrubbedException copy = new ScrubbedException(thrown.getClass().getName() + ": " + text,
				scrub(thrown.getCause() == thrown ? null : thrown.getCause()));
		copy.setStackTrace(thrown.getStackTrace());
		return copy;
	}

	private static String memberText(boolean phi, ThrowingSupplier read) {
		if (phi) {
			return REDACTED;
		}
		try {
			Object member = read.get();
			return carriesPhi(member) ? describe(member) : String.valueOf(member);
		}
		catch (ReflectiveOperationException ex) {
			return "?";
		}
	}

	@FunctionalInterface
	private interface ThrowingSupplier {

		Object get() throws ReflectiveOperationException;

	}

	/** Stands in for an exception whose message was removed. */
	static final class ScrubbedException extends RuntimeException {

		ScrubbedException(String message, Throwable cause) {
			super(message, cause, false, true);
		}

	}

}
