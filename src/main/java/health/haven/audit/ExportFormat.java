package health.haven.audit;

/** How an export is written. */
public enum ExportFormat {

	/** RFC 4180 CSV with a header row. */
	CSV,
	/** A JSON array of objects. */
	JSON,
	/** A FHIR R4 Bundle (type collection) of AuditEvent resources, JSON. */
	FHIR_R4

}
