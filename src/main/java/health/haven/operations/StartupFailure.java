package health.haven.operations;

/**
 * A start-up problem an operator can fix: its message is the one line Haven prints before it exits non-zero.
 */
public class StartupFailure extends RuntimeException {

	public StartupFailure(String message) {
		super(message, null, false, false);
	}

	public StartupFailure(String message, Throwable cause) {
		super(message, cause, false, false);
	}

}
