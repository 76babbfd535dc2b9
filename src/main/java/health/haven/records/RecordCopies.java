package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.records.ProgressNotes.CopiedNote;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * "Download my record" (45 CFR 164.524, PRV-AC-01/03): the client's own copy of their designated record set as Haven
 * holds it, as a readable PDF and as a FHIR R4 Bundle, for the client themself (the patient's own request is a
 * purpose only the client's own account is granted). Each download is audited as an export and recorded as a request
 * for access fulfilled at once ({@link AccessRequests}).
 *
 * <p>What the copy holds: registry details and profile (including coverage), diagnoses, medications and allergies,
 * the current treatment plan, PHQ-9 and GAD-7 results, signed progress and group notes with their addenda, documents,
 * and amendment requests with their outcomes. Substance-use (42 CFR Part 2) records are the client's own and are
 * included, labelled. <b>Psychotherapy notes are never included</b> (45 CFR 164.524(a)(1)(i)): the query that gathers
 * notes leaves them out whoever asks. Drafts are not part of the record yet. Intake assessments, attendance and
 * billing come with their own sections later (ADR 0014).
 */
@Service
public class RecordCopies {

	private static final String COPY = "record_copy";

	private final AccessDecisions decisions;

	private final ChartAccess access;

	private final TenantWork work;

	private final AuditTrail audit;

	private final Clients clients;

	private final ClientProfiles profiles;

	private final Diagnoses diagnoses;

	private final Medications medications;

	private final TreatmentPlans plans;

	private final Measures measures;

	private final ProgressNotes notes;

	private final Documents documents;

	private final Amendments amendments;

	private final AccessRequests requests;

	private final Accounts accounts;

	RecordCopies(AccessDecisions decisions, ChartAccess access, TenantWork work, AuditTrail audit, Clients clients,
			ClientProfiles profiles, Diagnoses diagnoses, Medications medications, TreatmentPlans plans,
			Measures measures, ProgressNotes notes, Documents documents, Amendments amendments,
			AccessRequests requests, Accounts accounts) {
		this.decisions = decisions;
		this.access = access;
		this.work = work;
		this.audit = audit;
		this.clients = clients;
		this.profiles = profiles;
		this.diagnoses = diagnoses;
		this.medications = medications;
		this.plans = plans;
		this.measures = measures;
		this.notes = notes;
		this.documents = documents;
		this.amendments = amendments;
		this.requests = requests;
		this.accounts = accounts;
	}

	/** The client's record as a PDF a person can read and print. */
	public RecordFile pdf(Actor actor, ClientId client) {
		start(actor, client);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST,
				AuditAction.EXPORT, COPY, "PDF");
		work.inTransaction(actor.org(), () -> requests.fulfilledDownload(actor, client, "PDF"));
		return new RecordFile(RecordPdf.render(gather(actor, client)), "application/pdf", "haven-record.pdf");
	}

	/** The client's record as a FHIR R4 Bundle (JSON), for another provider or an app of the client's choosing. */
	public RecordFile fhir(Actor actor, ClientId client) {
		start(actor, client);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST,
				AuditAction.EXPORT, COPY, "FHIR");
		work.inTransaction(actor.org(), () -> requests.fulfilledDownload(actor, client, "FHIR"));
		return new RecordFile(RecordBundle.render(gather(actor, client)), "application/fhir+json",
				"haven-record.fhir.json");
	}

	/** The client exists (else "not found", audited) and the actor may make the request (else refused, audited). */
	private void start(Actor actor, ClientId client) {
		access.requireClient(actor, client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST, AuditAction.EXPORT, COPY);
	}

	/**
	 * Reads every part through its own service, as the client, for the client's own request: each part is decided and
	 * audited as the chart pages' reads are, and the audit entries are made durable together before anything is
	 * rendered.
	 */
	private RecordCopy gather(Actor actor, ClientId client) {
		Purpose purpose = Purpose.PATIENT_REQUEST;
		return audit.readingTogether(() -> {
			ClientSummary summary = clients.find(actor, client, purpose);
			ClientProfile profile = profiles.of(actor, client, purpose);
			List<Diagnosis> diagnosed = diagnoses.of(actor, client, purpose);
			MedicationRecord medicated = medications.of(actor, client, purpose);
			var plan = plans.of(actor, client, purpose);
			List<Measure> measured = new ArrayList<>(measures.history(actor, client, DataCategory.GENERAL, purpose));
			measured.addAll(measures.history(actor, client, DataCategory.SUD_PART2, purpose));
			measured.sort(java.util.Comparator.comparing(Measure::submittedAt));
			List<CopiedNote> signed = notes.signedForCopy(actor, client, purpose);
			List<DocumentSummary> listed = documents.of(actor, client, purpose);
			List<DocumentFile> files = listed.stream()
				.map(document -> documents.download(actor, client, document.id().toString(), purpose))
				.toList();
			List<AmendmentRequest> asked = amendments.ofClient(actor, client, purpose);
			Set<UserId> staff = new HashSet<>();
			signed.forEach(note -> staff.add(note.author()));
			asked.stream().filter(a -> a.decidedBy() != null).forEach(a -> staff.add(a.decidedBy()));
			return new RecordCopy(Instant.now(), summary, profile, diagnosed, medicated, plan, List.copyOf(measured),
					signed, files, listed, asked, accounts.displayNames(actor.org(), staff));
		});
	}

}
