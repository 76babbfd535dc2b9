package health.haven.shared;

/**
 * Why data is used or disclosed (HIPAA's treatment, payment and operations, and the rest), recorded with every access.
 */
public enum Purpose {

	TREATMENT, PAYMENT, OPERATIONS, PATIENT_REQUEST, EMERGENCY, COMPLIANCE, LEGAL, SYSTEM

}
