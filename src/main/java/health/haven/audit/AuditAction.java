package health.haven.audit;

/** What was done. Stored by name: renaming a constant breaks the verification of older entries, so only add. */
public enum AuditAction {

	READ, CREATE, UPDATE, VOID, DELETE, EXPORT, PRINT, DISCLOSE, SIGN_IN, SIGN_IN_FAILURE, SIGN_OUT, MFA_ENROLLED,
	MFA_CHALLENGE_PASSED, MFA_CHALLENGE_FAILED, MFA_RESET, BREAK_GLASS, KEY_CREATED, KEY_ROTATED, KEY_DESTROYED,
	CONFIGURATION_CHANGED, PERMISSION_CHANGED, ACCOUNT_LOCKED, ACCOUNT_DEPROVISIONED,
	/** Telehealth: asking to join a room, being admitted, removed or sent back, leaving, ending it for all. */
	ROOM_JOIN, ROOM_ADMIT, ROOM_REMOVE, ROOM_LEAVE, ROOM_END

}
