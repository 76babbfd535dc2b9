package health.haven.audit.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditRecord;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Audit entries as FHIR R4 {@code AuditEvent} resources (DICOM event types, v3 purpose-of-use codes), for auditors'
 * tools. Built at the boundary only: HAPI objects are never stored.
 */
public final class FhirAuditEvents {

	static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

	static final String ACTION_SYSTEM = "urn:haven:audit-action";

	static final String USER_SYSTEM = "urn:haven:user";

	static final String RESOURCE_SYSTEM = "urn:haven:resource";

	private FhirAuditEvents() {
	}

	/** Created on first use: about 1.3 s of class loading that most runs never need. */
	private static final class Holder {

		static final FhirContext R4 = FhirContext.forR4();

	}

	public static FhirContext context() {
		return Holder.R4;
	}

	public static IParser jsonParser() {
		return context().newJsonParser();
	}

	public static AuditEvent of(AuditRecord record) {
		AuditEntry entry = record.entry();
		AuditEvent event = new AuditEvent();
		event.setId(record.id().toString());
		event.setType(type(entry.action()));
		event.addSubtype(new Coding(ACTION_SYSTEM, entry.action().name(), null));
		event.setAction(action(entry.action()));
		event.setRecorded(Date.from(entry.occurredAt()));
		event.setOutcome(switch (entry.outcome()) {
			case ALLOWED -> AuditEventOutcome._0;
			case DENIED -> AuditEventOutcome._4;
			case ERROR -> AuditEventOutcome._8;
		});
		event.addPurposeOfEvent(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason",
				purpose(entry.purpose()), null)).setText(entry.purpose().name()));

		AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
		entry.actor()
			.user()
			.ifPresentOrElse(user -> agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM)
				.setValue(user.toString()))), () -> agent.setName(entry.actor().role()));
		agent.addRole(new CodeableConcept().setText(entry.actor().role()));
		entry.actor().session().ifPresent(agent::setAltId);
		entry.actor()
			.sourceAddress()
			.ifPresent(address -> agent.getNetwork().setAddress(address).setType(AuditEventAgentNetworkType._2));

		event.getSource()
			.setSite(entry.org().map(Object::toString).orElse("haven"))
			.setObserver(new Reference().setDisplay("Haven"))
			.addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));

		entry.client().ifPresent(client -> event.addEntity()
			.setWhat(new Reference("Patient/" + client))
			.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
			.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient")));
		if (entry.resourceType().isPresent() || !entry.details().isEmpty()) {
			AuditEventEntityComponent resource = event.addEntity()
				.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
			entry.resourceType()
				.ifPresent(type -> resource.setWhat(new Reference().setIdentifier(new Identifier()
					.setSystem(RESOURCE_SYSTEM + ":" + type)
					.setValue(entry.resourceId().orElse("")))).setName(type));
			entry.sortedDetails()
				.forEach((key, value) -> resource.addDetail().setType(key).setValue(new StringType(value)));
		}
		return event;
	}

	static Coding type(AuditAction action) {
		return switch (action) {
			case SIGN_IN, SIGN_IN_FAILURE, SIGN_OUT, MFA_CHALLENGE_PASSED, MFA_CHALLENGE_FAILED ->
				new Coding(DCM, "110114", "User Authentication");
			case EXPORT -> new Coding(DCM, "110106", "Export");
			case READ, CREATE, UPDATE, VOID, DELETE, PRINT, DISCLOSE -> new Coding(DCM, "110110", "Patient Record");
			case MFA_ENROLLED, MFA_RESET, PERMISSION_CHANGED, ACCOUNT_LOCKED, ACCOUNT_DEPROVISIONED ->
				new Coding(DCM, "110136", "Security Roles Changed");
			case BREAK_GLASS, KEY_CREATED, KEY_ROTATED, KEY_DESTROYED, CONFIGURATION_CHANGED ->
				new Coding(DCM, "110113", "Security Alert");
			case ROOM_JOIN, ROOM_ADMIT, ROOM_REMOVE, ROOM_LEAVE, ROOM_END ->
				new Coding(DCM, "110100", "Application Activity");
		};
	}

	static AuditEventAction action(AuditAction action) {
		return switch (action) {
			case CREATE -> AuditEventAction.C;
			case READ, PRINT, EXPORT, DISCLOSE -> AuditEventAction.R;
			case UPDATE -> AuditEventAction.U;
			case VOID, DELETE -> AuditEventAction.D;
			default -> AuditEventAction.E;
		};
	}

	static String purpose(health.haven.shared.Purpose purpose) {
		return switch (purpose) {
			case TREATMENT -> "TREAT";
			case PAYMENT -> "HPAYMT";
			case OPERATIONS -> "HOPERAT";
			case PATIENT_REQUEST -> "PATRQT";
			case EMERGENCY -> "ETREAT";
			case COMPLIANCE -> "HCOMPL";
			case LEGAL -> "HLEGAL";
			case SYSTEM -> "HSYSADMIN";
		};
	}

}
