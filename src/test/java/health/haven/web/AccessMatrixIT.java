package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.identity.Accounts;
import health.haven.identity.NewAccount;
import health.haven.identity.SecondFactors;
import health.haven.shared.UserId;
import health.haven.identity.Role;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The access matrix, generated from the real route table: every route x every demo account (one per role, plus a
 * session that only passed the password step) x, for routes about one client, the client's relationship to the
 * account and tenant. Each cell must be allowed, "not found", forbidden or "sign in first" exactly as classified
 * below; a route with no classification fails the test, and every "not found" about a client is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Covers({ "ADM-IAM-01", "PRV-MN-01", "SEC-PA-01" })
class AccessMatrixIT {

	/** How a route is guarded. */
	enum Guard {

		/** Anyone, signed in or not. */
		PUBLIC,
		/** Anyone past the password step: the second step of sign-in and setting up a factor. */
		PASSWORD_STEP,
		/**
		 * Adding a factor: after the password step while the account has none, else a full sign-in (so that a stolen
		 * password cannot add the thief's authenticator).
		 */
		FACTOR_SETUP,
		/** Anyone fully signed in; what they see is filtered by access decisions. */
		SIGNED_IN,
		/** Members of staff only (clients use the portal). */
		STAFF,
		/** Clinicians only. */
		CLINICIANS,
		/** Those who run groups (facilitators, clinicians, program directors): group notes name their clients in the body. */
		GROUP_NOTE_WRITERS,
		/** The privacy officer only. */
		COMPLIANCE,
		/** Organization admins only. */
		ADMIN,
		/** Organization admins and the privacy officer (the access review). */
		ADMIN_OR_COMPLIANCE,
		/** One client's data: decided by relationship and tenant (see {@link #expectedForClient}). */
		CLIENT_DATA,
		/** One client's data on a staff page: as CLIENT_DATA, and forbidden to clients. */
		CLIENT_DATA_STAFF_PAGE,
		/**
		 * One client's clinical (GENERAL) data: as CLIENT_DATA, except that organization-wide roles (billing, front
		 * desk, admin), who see demographics only, are forbidden.
		 */
		CLINICAL_DATA,
		/** One client's clinical data on a staff page: as CLINICAL_DATA, and forbidden to clients. */
		CLINICAL_DATA_STAFF_PAGE,
		/** One client's clinical record kept by staff (notes): see {@link #expectedForClinicalRecord}. */
		CLINICAL_RECORD,
		/** One client's clinical record on a staff page: as CLINICAL_RECORD, and forbidden to clients. */
		CLINICAL_RECORD_STAFF_PAGE,
		/**
		 * One item of a client's record named by a second id ({note}). The matrix puts the client's id there too, so
		 * no such item exists: "not found" (audited) for everyone, whatever their relationship to the client.
		 */
		CLIENT_ITEM,
		/** As CLIENT_ITEM on a staff page: forbidden to clients. */
		CLIENT_ITEM_STAFF_PAGE,
		/**
		 * A client's enrollment (scheduling keeps no client registry): as CLINICAL_DATA, except that organization-wide
		 * roles are forbidden whatever the client, existing or not, in this organization or another.
		 */
		ENROLLMENT,
		/** As ENROLLMENT on a staff page: forbidden to clients. */
		ENROLLMENT_STAFF_PAGE,
		/** Changing an enrollment: as CHART_WRITE, with ENROLLMENT's answer for organization-wide roles. */
		ENROLLMENT_WRITE,
		/** As ENROLLMENT_WRITE on a staff page. */
		ENROLLMENT_WRITE_STAFF_PAGE,
		/** Changing the clinical record: the care team's clinicians and the program director; forbidden to the rest of
		 * the care team (facilitators), to the client and to organization-wide roles. */
		CHART_WRITE,
		/** A chart change on a staff page: as CHART_WRITE. */
		CHART_WRITE_STAFF_PAGE,
		/** Agreeing to a treatment plan: as CHART_WRITE, and allowed to the client for their own plan (portal). */
		PLAN_AGREEMENT,
		/**
		 * Defining a program or its tracks: organization admins and program directors (the matrix's random program id
		 * is then "not found", which the guard let through); forbidden to everyone else.
		 */
		PROGRAM_MANAGERS,
		/** A track's caseload: program directors only (a random program or track is then "not found"). */
		PROGRAM_DIRECTORS,
		/** Registering a client: the front desk, clinicians and program directors; forbidden to everyone else. */
		REGISTRARS,
		/**
		 * Changing a client's profile: as CLIENT_DATA for who is "not found", then the care team's clinicians and program
		 * directors, the front desk and billing (each for their own sections); forbidden to the rest of the care team
		 * (facilitators), to the client and to organization admins.
		 */
		PROFILE_WRITE,
		/** As PROFILE_WRITE on a staff page: forbidden to clients. */
		PROFILE_WRITE_STAFF_PAGE,
		/** Clients only, for themselves (reading and signing consents): forbidden to staff. */
		CLIENTS,
		/** Everyone's staff licenses: organization admins and program directors; forbidden to everyone else. */
		LICENSE_VIEWERS,
		/**
		 * A client's telehealth status (consents signed, location, join gates): the client and the staff in their care,
		 * as ENROLLMENT (organization-wide roles keep no telehealth relationship: forbidden whatever the client).
		 */
		IN_CARE,
		/**
		 * Secure messages: clients and the clinical staff of their care (clinicians, facilitators, program directors);
		 * forbidden to billing, front desk, admins, the privacy officer and auditors (messages are clinical content).
		 * Threads are named by random ids: "not found" (audited) for every participant, which the guard let through.
		 */
		MESSAGING

	}

	/** Every route Haven serves, by method and pattern. A new route must be added here. */
	static final Map<String, Guard> ROUTES = Map.ofEntries(
			Map.entry("GET /", Guard.PUBLIC),
			Map.entry("GET /login", Guard.PUBLIC),
			Map.entry("GET /error", Guard.PUBLIC),
			Map.entry("GET /api/v1/about", Guard.PUBLIC),
			Map.entry("GET /v3/api-docs", Guard.PUBLIC),
			Map.entry("GET /v3/api-docs.yaml", Guard.PUBLIC),
			Map.entry("GET /invitations/{token}", Guard.PUBLIC),
			Map.entry("GET /device-check", Guard.PUBLIC),
			Map.entry("GET /sessions", Guard.SIGNED_IN),
			// A room named by a random id: "not found" (404) for everyone; the guard let it through.
			Map.entry("GET /telehealth/rooms/{room}", Guard.SIGNED_IN),
			Map.entry("POST /telehealth/rooms/{room}/location", Guard.SIGNED_IN),
			// A scheduled session's room, by the session's random id: "not found" for anyone without a seat.
			Map.entry("GET /telehealth/sessions/{session}", Guard.SIGNED_IN),
			// Telehealth keeps no client registry either: organization-wide roles are forbidden whatever the client.
			Map.entry("POST /clients/{id}/telehealth/rooms", Guard.ENROLLMENT_WRITE_STAFF_PAGE),
			Map.entry("POST /invitations/{token}", Guard.PUBLIC),
			Map.entry("GET /login/totp", Guard.PASSWORD_STEP),
			Map.entry("GET /account/mfa", Guard.PASSWORD_STEP),
			Map.entry("POST /account/mfa/totp/start", Guard.FACTOR_SETUP),
			Map.entry("POST /account/mfa/totp/confirm", Guard.FACTOR_SETUP),
			Map.entry("POST /account/mfa/recovery-codes", Guard.SIGNED_IN),
			Map.entry("GET /api/v1/clients", Guard.SIGNED_IN),
			Map.entry("GET /account/sessions", Guard.SIGNED_IN),
			Map.entry("POST /account/sessions/{digest}/revoke", Guard.SIGNED_IN),
			Map.entry("POST /account/sessions/revoke-others", Guard.SIGNED_IN),
			Map.entry("POST /account/sessions/notices/{notice}/dismiss", Guard.SIGNED_IN),
			Map.entry("POST /account/session/keep-alive", Guard.SIGNED_IN),
			Map.entry("GET /account/password", Guard.SIGNED_IN),
			Map.entry("POST /account/password", Guard.SIGNED_IN),
			Map.entry("GET /api/v1/clients/{id}", Guard.CLIENT_DATA),
			Map.entry("GET /clients", Guard.STAFF),
			Map.entry("GET /clients/new", Guard.REGISTRARS),
			Map.entry("POST /clients/new", Guard.REGISTRARS),
			Map.entry("POST /api/v1/clients", Guard.REGISTRARS),
			Map.entry("POST /clients/search", Guard.STAFF),
			Map.entry("GET /api/v1/clients/search", Guard.STAFF),
			Map.entry("GET /api/v1/clients/{id}/profile", Guard.CLIENT_DATA),
			Map.entry("PUT /api/v1/clients/{id}/profile", Guard.PROFILE_WRITE),
			Map.entry("GET /clients/{id}/profile", Guard.CLIENT_DATA_STAFF_PAGE),
			Map.entry("POST /clients/{id}/profile", Guard.PROFILE_WRITE_STAFF_PAGE),
			Map.entry("GET /group-notes/new", Guard.GROUP_NOTE_WRITERS),
			Map.entry("POST /group-notes", Guard.GROUP_NOTE_WRITERS),
			Map.entry("POST /api/v1/group-notes", Guard.GROUP_NOTE_WRITERS),
			Map.entry("GET /clients/{id}", Guard.CLIENT_DATA_STAFF_PAGE),
			Map.entry("GET /api/v1/clients/{id}/notes", Guard.CLINICAL_RECORD),
			Map.entry("POST /api/v1/clients/{id}/notes", Guard.CLINICAL_RECORD),
			Map.entry("GET /api/v1/clients/{id}/notes/{note}", Guard.CLIENT_ITEM),
			Map.entry("POST /api/v1/clients/{id}/notes/{note}", Guard.CLIENT_ITEM),
			Map.entry("POST /api/v1/clients/{id}/notes/{note}/sign", Guard.CLIENT_ITEM),
			Map.entry("POST /api/v1/clients/{id}/notes/{note}/addenda", Guard.CLIENT_ITEM),
			Map.entry("POST /api/v1/clients/{id}/notes/{note}/cosign", Guard.CLIENT_ITEM),
			Map.entry("GET /clients/{id}/notes", Guard.CLINICAL_RECORD_STAFF_PAGE),
			Map.entry("POST /clients/{id}/notes", Guard.CLINICAL_RECORD_STAFF_PAGE),
			Map.entry("GET /clients/{id}/notes/new", Guard.CLINICAL_RECORD_STAFF_PAGE),
			Map.entry("GET /clients/{id}/notes/{note}", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/notes/{note}", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/notes/{note}/sign", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/notes/{note}/addenda", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/notes/{note}/cosign", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("GET /api/v1/clients/{id}/intake", Guard.CLINICAL_RECORD),
			Map.entry("POST /api/v1/clients/{id}/intake", Guard.CHART_WRITE),
			Map.entry("GET /api/v1/clients/{id}/intake/{assessment}", Guard.CLIENT_ITEM),
			Map.entry("POST /api/v1/clients/{id}/intake/{assessment}", Guard.CLIENT_ITEM),
			Map.entry("POST /api/v1/clients/{id}/intake/{assessment}/sign", Guard.CLIENT_ITEM),
			Map.entry("GET /clients/{id}/intake", Guard.CLINICAL_RECORD_STAFF_PAGE),
			Map.entry("POST /clients/{id}/intake", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("GET /clients/{id}/intake/{assessment}", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/intake/{assessment}", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/intake/{assessment}/sign", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("GET /api/v1/intake-templates", Guard.STAFF),
			Map.entry("GET /api/v1/intake-templates/{key}/versions/{version}", Guard.STAFF),
			Map.entry("POST /api/v1/intake-templates", Guard.PROGRAM_DIRECTORS),
			Map.entry("GET /api/v1/clients/{id}/measures", Guard.CLINICAL_DATA),
			Map.entry("POST /api/v1/clients/{id}/measures", Guard.CLINICAL_DATA),
			Map.entry("GET /api/v1/clients/{id}/measures/trend.svg", Guard.CLINICAL_DATA),
			Map.entry("GET /clients/{id}/measures", Guard.CLINICAL_DATA_STAFF_PAGE),
			Map.entry("POST /clients/{id}/measures", Guard.CLINICAL_DATA_STAFF_PAGE),
			Map.entry("POST /clients/{id}/measures/safety-tasks/{task}/close", Guard.CLINICAL_DATA_STAFF_PAGE),
			Map.entry("GET /api/v1/clients/{id}/diagnoses", Guard.CLINICAL_DATA),
			Map.entry("POST /api/v1/clients/{id}/diagnoses", Guard.CHART_WRITE),
			Map.entry("POST /api/v1/clients/{id}/diagnoses/status", Guard.CHART_WRITE),
			Map.entry("GET /api/v1/clients/{id}/medications", Guard.CLINICAL_DATA),
			Map.entry("POST /api/v1/clients/{id}/medications", Guard.CHART_WRITE),
			Map.entry("GET /api/v1/clients/{id}/documents", Guard.CLINICAL_DATA),
			Map.entry("POST /api/v1/clients/{id}/documents", Guard.CHART_WRITE),
			Map.entry("GET /api/v1/clients/{id}/documents/{document}", Guard.CLIENT_ITEM),
			Map.entry("GET /api/v1/clients/{id}/discharge", Guard.CLINICAL_DATA),
			Map.entry("POST /api/v1/clients/{id}/discharge", Guard.CHART_WRITE),
			Map.entry("GET /clients/{id}/documents", Guard.CLINICAL_DATA_STAFF_PAGE),
			Map.entry("POST /clients/{id}/documents", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("GET /clients/{id}/discharge", Guard.CLINICAL_DATA_STAFF_PAGE),
			Map.entry("POST /clients/{id}/discharge", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("GET /api/v1/clients/{id}/treatment-plan", Guard.CLINICAL_DATA),
			Map.entry("GET /api/v1/clients/{id}/summary", Guard.CLINICAL_DATA),
			Map.entry("POST /api/v1/clients/{id}/treatment-plan", Guard.CHART_WRITE),
			Map.entry("POST /api/v1/clients/{id}/treatment-plan/review", Guard.CHART_WRITE),
			Map.entry("POST /api/v1/clients/{id}/treatment-plan/agreement", Guard.PLAN_AGREEMENT),
			Map.entry("GET /clients/{id}/diagnoses", Guard.CLINICAL_DATA_STAFF_PAGE),
			Map.entry("POST /clients/{id}/diagnoses", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("POST /clients/{id}/diagnoses/status", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("POST /clients/{id}/medications", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("GET /clients/{id}/plan", Guard.CLINICAL_DATA_STAFF_PAGE),
			Map.entry("POST /clients/{id}/plan/problems", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("POST /clients/{id}/plan/review", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("POST /clients/{id}/plan/agreement", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("GET /clients/{id}/emergency-access", Guard.CLINICIANS),
			Map.entry("POST /clients/{id}/emergency-access", Guard.CLINICIANS),
			Map.entry("GET /compliance/emergency-access", Guard.COMPLIANCE),
			Map.entry("GET /compliance/emergency-access/{grant}", Guard.COMPLIANCE),
			Map.entry("POST /compliance/emergency-access/{grant}/sign-off", Guard.COMPLIANCE),
			Map.entry("GET /admin/users", Guard.ADMIN),
			Map.entry("GET /admin/settings", Guard.ADMIN),
			Map.entry("POST /admin/settings", Guard.ADMIN),
			Map.entry("POST /admin/invitations", Guard.ADMIN),
			Map.entry("POST /admin/users/{id}/roles", Guard.ADMIN),
			Map.entry("POST /admin/users/{id}/suspend", Guard.ADMIN),
			Map.entry("POST /admin/users/{id}/deprovision", Guard.ADMIN),
			Map.entry("POST /admin/care-teams/{team}/members", Guard.ADMIN),
			Map.entry("GET /admin/access-review", Guard.ADMIN_OR_COMPLIANCE),
			Map.entry("GET /admin/access-review.csv", Guard.ADMIN_OR_COMPLIANCE),
			Map.entry("GET /api/v1/programs", Guard.STAFF),
			Map.entry("GET /api/v1/programs/{program}", Guard.STAFF),
			Map.entry("POST /api/v1/programs/{program}", Guard.PROGRAM_MANAGERS),
			Map.entry("POST /api/v1/programs/{program}/tracks", Guard.PROGRAM_MANAGERS),
			Map.entry("POST /api/v1/programs/{program}/tracks/{track}", Guard.PROGRAM_MANAGERS),
			Map.entry("GET /api/v1/programs/{program}/tracks/{track}/caseload", Guard.PROGRAM_DIRECTORS),
			Map.entry("GET /api/v1/caseload", Guard.STAFF),
			Map.entry("GET /api/v1/clients/{id}/enrollments", Guard.ENROLLMENT),
			Map.entry("POST /api/v1/clients/{id}/enrollments", Guard.ENROLLMENT_WRITE),
			Map.entry("POST /api/v1/clients/{id}/enrollments/{enrollment}/level-of-care", Guard.CLIENT_ITEM),
			Map.entry("POST /api/v1/clients/{id}/enrollments/{enrollment}/status", Guard.CLIENT_ITEM),
			Map.entry("GET /caseload", Guard.STAFF),
			Map.entry("GET /programs", Guard.STAFF),
			Map.entry("POST /programs/{program}", Guard.PROGRAM_MANAGERS),
			Map.entry("POST /programs/{program}/tracks", Guard.PROGRAM_MANAGERS),
			Map.entry("GET /programs/{program}/tracks/{track}/caseload", Guard.PROGRAM_DIRECTORS),
			Map.entry("GET /clients/{id}/enrollments", Guard.ENROLLMENT_STAFF_PAGE),
			Map.entry("POST /clients/{id}/enrollments", Guard.ENROLLMENT_WRITE_STAFF_PAGE),
			Map.entry("POST /clients/{id}/enrollments/{enrollment}/level-of-care", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/enrollments/{enrollment}/status", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("GET /admin/licenses", Guard.ADMIN),
			Map.entry("POST /admin/licenses", Guard.ADMIN),
			Map.entry("POST /admin/licenses/{license}", Guard.ADMIN),
			Map.entry("GET /account/licenses", Guard.STAFF),
			Map.entry("GET /licenses", Guard.LICENSE_VIEWERS),
			Map.entry("GET /consents", Guard.CLIENTS),
			Map.entry("GET /consents/{kind}", Guard.CLIENTS),
			Map.entry("POST /consents/{kind}", Guard.CLIENTS),
			Map.entry("GET /api/v1/clients/{id}/consents", Guard.IN_CARE),
			Map.entry("GET /api/v1/schedule", Guard.STAFF),
			Map.entry("GET /api/v1/me/sessions", Guard.SIGNED_IN),
			Map.entry("GET /api/v1/sessions/{session}", Guard.SIGNED_IN),
			Map.entry("POST /api/v1/programs/{program}/tracks/{track}/sessions", Guard.PROGRAM_DIRECTORS),
			Map.entry("POST /api/v1/sessions", Guard.CLINICIANS),
			Map.entry("POST /api/v1/sessions/{session}/reschedule", Guard.STAFF),
			Map.entry("POST /api/v1/sessions/{session}/cancel", Guard.STAFF),
			Map.entry("POST /api/v1/sessions/{session}/roster", Guard.STAFF),
			Map.entry("POST /api/v1/session-series/{series}/cancel", Guard.PROGRAM_DIRECTORS),
			Map.entry("GET /schedule", Guard.STAFF),
			Map.entry("POST /schedule/sessions/{session}/cancel", Guard.STAFF),
			Map.entry("POST /schedule/sessions/{session}/move", Guard.STAFF),
			Map.entry("GET /schedule/upcoming", Guard.SIGNED_IN),
			Map.entry("POST /schedule/notices/{notice}/dismiss", Guard.SIGNED_IN),
			Map.entry("GET /account/calendar", Guard.SIGNED_IN),
			Map.entry("POST /account/calendar", Guard.SIGNED_IN),
			Map.entry("POST /account/calendar/revoke", Guard.SIGNED_IN),
			Map.entry("GET /calendar/{token}", Guard.PUBLIC),
			// A session's attendance: its staff and its program's director; "not found" for everyone else, clients
			// included (a random session id is "not found" for all; the guard let it through).
			Map.entry("GET /schedule/sessions/{session}/attendance", Guard.SIGNED_IN),
			Map.entry("POST /schedule/sessions/{session}/attendance", Guard.SIGNED_IN),
			Map.entry("GET /api/v1/sessions/{session}/attendance", Guard.SIGNED_IN),
			Map.entry("POST /api/v1/sessions/{session}/attendance", Guard.SIGNED_IN),
			Map.entry("GET /schedule/sessions/{session}/group-note", Guard.GROUP_NOTE_WRITERS),
			// Weekly hours: clinical staff see their clients, a client their own, anyone else "not found".
			Map.entry("GET /attendance/hours", Guard.SIGNED_IN),
			Map.entry("GET /api/v1/attendance/hours", Guard.SIGNED_IN),
			Map.entry("GET /api/v1/me/hours", Guard.SIGNED_IN),
			// The client portal: the signed-in client's own data only (no client id in any portal URL); staff are
			// forbidden. A random note, questionnaire or document id is "not found" for the client.
			Map.entry("GET /portal", Guard.CLIENTS),
			Map.entry("GET /portal/plan", Guard.CLIENTS),
			Map.entry("POST /portal/plan/signature", Guard.CLIENTS),
			Map.entry("GET /portal/notes", Guard.CLIENTS),
			Map.entry("GET /portal/notes/{note}", Guard.CLIENTS),
			Map.entry("GET /portal/questionnaires", Guard.CLIENTS),
			Map.entry("GET /portal/questionnaires/{instrument}", Guard.CLIENTS),
			Map.entry("POST /portal/questionnaires/{instrument}", Guard.CLIENTS),
			Map.entry("GET /portal/documents", Guard.CLIENTS),
			Map.entry("GET /portal/documents/{document}", Guard.CLIENTS),
			// Staff actions for the portal: withholding a note, sharing a document, assigning questionnaires.
			Map.entry("POST /clients/{id}/notes/{note}/withhold", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/notes/{note}/release", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/documents/{document}/share", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/measures/assignments", Guard.CHART_WRITE_STAFF_PAGE),
			Map.entry("POST /clients/{id}/measures/assignments/{assignment}/end", Guard.CLIENT_ITEM_STAFF_PAGE),
			// The client's rights, always about their own record (found from the account, never from the URL):
			// clients only; an amendment id that is not theirs (the matrix's random id) is "not found" for them.
			Map.entry("GET /portal/access-log", Guard.CLIENTS),
			Map.entry("GET /portal/my-record", Guard.CLIENTS),
			Map.entry("GET /portal/my-record/record.pdf", Guard.CLIENTS),
			Map.entry("GET /portal/my-record/record.fhir.json", Guard.CLIENTS),
			Map.entry("POST /portal/my-record/requests", Guard.CLIENTS),
			Map.entry("GET /portal/amendments", Guard.CLIENTS),
			Map.entry("POST /portal/amendments", Guard.CLIENTS),
			Map.entry("GET /portal/amendments/{amendment}", Guard.CLIENTS),
			// The security centre is everyone's own: sessions, factors, sign-in history, reporting.
			Map.entry("GET /portal/security", Guard.SIGNED_IN),
			Map.entry("POST /portal/security/report", Guard.SIGNED_IN),
			// The care team's queue of rights requests (filtered per client); one request by a second id.
			Map.entry("GET /rights/requests", Guard.STAFF),
			Map.entry("GET /clients/{id}/amendments/{amendment}", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/amendments/{amendment}/decision", Guard.CLIENT_ITEM_STAFF_PAGE),
			Map.entry("POST /clients/{id}/access-requests/{request}/fulfil", Guard.CLIENT_ITEM_STAFF_PAGE),
			// The incident register: the privacy officer only (a random incident id is "not found").
			Map.entry("GET /compliance/incidents", Guard.COMPLIANCE),
			Map.entry("GET /compliance/incidents/{incident}", Guard.COMPLIANCE),
			Map.entry("GET /messages", Guard.MESSAGING),
			Map.entry("POST /messages", Guard.MESSAGING),
			Map.entry("GET /messages/{thread}", Guard.MESSAGING),
			Map.entry("POST /messages/{thread}", Guard.MESSAGING),
			Map.entry("GET /api/v1/messages/threads", Guard.MESSAGING),
			Map.entry("POST /api/v1/messages/threads", Guard.MESSAGING),
			Map.entry("GET /api/v1/messages/threads/{thread}", Guard.MESSAGING),
			Map.entry("POST /api/v1/messages/threads/{thread}/messages", Guard.MESSAGING),
			Map.entry("POST /api/v1/messages/threads/{thread}/read", Guard.MESSAGING),
			Map.entry("GET /api/v1/messages/threads/{thread}/attachments/{attachment}", Guard.MESSAGING),
			// A count only (0 for those without messages), for the portal home.
			Map.entry("GET /api/v1/messages/unread", Guard.SIGNED_IN),
			Map.entry("GET /account/communication", Guard.SIGNED_IN),
			Map.entry("POST /account/communication", Guard.SIGNED_IN),
			Map.entry("GET /api/v1/me/communication-preferences", Guard.SIGNED_IN),
			Map.entry("PUT /api/v1/me/communication-preferences", Guard.SIGNED_IN),
			Map.entry("GET /admin/messaging", Guard.ADMIN),
			Map.entry("POST /admin/messaging", Guard.ADMIN));

	/** Where a client stands to the account asking. */
	enum Target {

		RELATED, SAME_ORGANIZATION_UNRELATED, OTHER_ORGANIZATION

	}

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final Map<String, Http> sessions = new LinkedHashMap<>();

	final Map<String, DemoAccounts.Account> accounts = new LinkedHashMap<>();

	String otherOrganizationsClient;

	/** When the demo accounts last signed in: step-up routes need a second factor from the last five minutes. */
	long signedInAt;

	@BeforeAll
	void signInEveryone() {
		signInDemoAccounts();
		ActorRef test = ActorRef.system("access-matrix");
		sessions.put("password-only", passwordOnlySession(test));
		OrgId other = server.bean(Accounts.class).createOrganization(test, "Other Clinic",
				"other-" + UUID.randomUUID().toString().substring(0, 8));
		otherOrganizationsClient = server.bean(Clients.class)
			.register(test, other, new NewClient("Other Person", LocalDate.of(1980, 2, 2), "CA", null))
			.toString();
	}

	/** Every demo account signed in afresh (password and TOTP), replacing its session in the matrix. */
	private void signInDemoAccounts() {
		for (DemoAccounts.Account account : DemoAccounts.read(server.dataDir())) {
			Http http = new Http(server);
			assertThat(Http.location(http.signIn(account))).as(account.username()).doesNotContain("error");
			sessions.put(account.username(), http);
			accounts.put(account.username(), account);
		}
		signedInAt = System.nanoTime();
	}

	/**
	 * A clinician of the demo organization who has passed the password step only. An account of its own, so that
	 * "sign out everywhere else", run by the real accounts, does not end it.
	 */
	private Http passwordOnlySession(ActorRef test) {
		OrgId demo = new OrgId(db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).single());
		String email = "password-only-" + UUID.randomUUID() + "@example.test";
		String password = "a long enough passphrase " + UUID.randomUUID();
		UserId user = server.bean(Accounts.class)
			.open(test, new NewAccount(demo, email, "Password Only", password, Set.of(Role.CLINICIAN)));
		String secret = server.bean(SecondFactors.class).provisionTotp(test, demo, user).secret();
		Http http = new Http(server);
		http.signInWithPasswordOnly(new DemoAccounts.Account(email, password, List.of("CLINICIAN"), "", secret));
		return http;
	}

	@Test
	void everyRouteIsClassified() {
		assertThat(routes()).as("routes without a classification in AccessMatrixIT.ROUTES")
			.allSatisfy(route -> assertThat(ROUTES).containsKey(route));
		assertThat(ROUTES.keySet()).as("classified routes that no longer exist").allSatisfy(
				route -> assertThat(routes()).contains(route));
	}

	@Test
	void everyRouteAnswersEveryAccountAsClassified() {
		List<String> failures = new ArrayList<>();
		for (String route : routes()) {
			Guard guard = ROUTES.get(route);
			if (guard == null || guard == Guard.PUBLIC) {
				continue;
			}
			if (System.nanoTime() - signedInAt > TimeUnit.MINUTES.toNanos(3)) {
				// On a slow machine the matrix outlasts the step-up window of the first sign-in.
				signInDemoAccounts();
			}
			for (Map.Entry<String, Http> session : sessions.entrySet()) {
				if (EnumSet.of(Guard.CLIENT_DATA, Guard.CLIENT_DATA_STAFF_PAGE, Guard.CLINICAL_DATA,
						Guard.CLINICAL_DATA_STAFF_PAGE, Guard.CLINICAL_RECORD,
						Guard.CLINICAL_RECORD_STAFF_PAGE, Guard.CLIENT_ITEM, Guard.CLIENT_ITEM_STAFF_PAGE,
						Guard.CHART_WRITE, Guard.CHART_WRITE_STAFF_PAGE, Guard.PLAN_AGREEMENT, Guard.ENROLLMENT,
						Guard.ENROLLMENT_STAFF_PAGE, Guard.ENROLLMENT_WRITE, Guard.ENROLLMENT_WRITE_STAFF_PAGE,
						Guard.PROFILE_WRITE, Guard.PROFILE_WRITE_STAFF_PAGE, Guard.IN_CARE).contains(guard)) {
					for (Target target : Target.values()) {
						String client = clientFor(session.getKey(), target);
						if (client != null) {
							check(failures, route, session.getKey(), session.getValue(), client, target);
						}
					}
				}
				else {
					check(failures, route, session.getKey(), session.getValue(), UUID.randomUUID().toString(), null);
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	private void check(List<String> failures, String route, String who, Http http, String id, Target target) {
		String method = route.substring(0, route.indexOf(' '));
		String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", id);
		boolean api = path.startsWith("/api/");
		HttpResponse<String> response = method.equals("GET") ? http.get(path, api ? "application/json" : "text/html")
				: method.equals("PUT") ? http.putJson(path, "{}")
				: api ? http.postJson(path, "{}") : http.postForm(path, "/", Map.of());
		String expected = expected(ROUTES.get(route), who, target, api);
		String actual = outcome(response, target != null);
		if (!expected.equals(actual)) {
			failures.add(route + " as " + who + (target == null ? "" : " on " + target) + ": expected " + expected
					+ " but was " + actual + " (" + response.statusCode() + ")");
			return;
		}
		if (expected.equals("not found") && target != null) {
			String user = who.equals("password-only") ? null : userId(who);
			long denials = AuditLog.awaitCount(db, 1,
					"client_id = ?::uuid AND actor_user = ?::uuid AND outcome = 'DENIED'", id, user);
			if (denials < 1) {
				failures.add(route + " as " + who + " on " + target + ": the denial was not audited");
			}
		}
	}

	private String expected(Guard guard, String who, Target target, boolean api) {
		if (who.equals("password-only")) {
			return guard == Guard.PASSWORD_STEP ? "allowed" : "second factor first";
		}
		Set<Role> roles = roles(who);
		return switch (guard) {
			case PUBLIC, PASSWORD_STEP, FACTOR_SETUP, SIGNED_IN -> "allowed";
			case STAFF -> roles.stream().anyMatch(Role::isStaff) ? "allowed" : "forbidden";
			case CLINICIANS -> roles.contains(Role.CLINICIAN) ? "allowed" : "forbidden";
			case GROUP_NOTE_WRITERS -> roles.stream()
				.anyMatch(role -> EnumSet.of(Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR).contains(role))
					? "allowed" : "forbidden";
			case COMPLIANCE -> roles.contains(Role.COMPLIANCE_OFFICER) ? "allowed" : "forbidden";
			case ADMIN -> roles.contains(Role.ORG_ADMIN) ? "allowed" : "forbidden";
			case ADMIN_OR_COMPLIANCE -> roles.contains(Role.ORG_ADMIN) || roles.contains(Role.COMPLIANCE_OFFICER)
					? "allowed" : "forbidden";
			case CLIENT_DATA -> expectedForClient(roles, target);
			case CLIENT_DATA_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden"
					: expectedForClient(roles, target);
			case CLINICAL_DATA -> expectedForClinicalData(roles, target);
			case CLINICAL_DATA_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden"
					: expectedForClinicalData(roles, target);
			case CLINICAL_RECORD -> expectedForClinicalRecord(roles, target);
			case CLINICAL_RECORD_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden"
					: expectedForClinicalRecord(roles, target);
			case CLIENT_ITEM -> "not found";
			case CLIENT_ITEM_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden" : "not found";
			case CLIENTS -> roles.contains(Role.CLIENT) ? "allowed" : "forbidden";
			case LICENSE_VIEWERS -> roles.contains(Role.ORG_ADMIN) || roles.contains(Role.PROGRAM_DIRECTOR)
					? "allowed" : "forbidden";
			case ENROLLMENT, IN_CARE -> organizationWideOnly(roles) ? "forbidden" : expectedForClinicalData(roles, target);
			case ENROLLMENT_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden"
					: organizationWideOnly(roles) ? "forbidden" : expectedForClinicalData(roles, target);
			case ENROLLMENT_WRITE -> organizationWideOnly(roles) ? "forbidden" : expectedForChartWrite(roles, target);
			case ENROLLMENT_WRITE_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden"
					: organizationWideOnly(roles) ? "forbidden" : expectedForChartWrite(roles, target);
			case CHART_WRITE -> expectedForChartWrite(roles, target);
			case CHART_WRITE_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden"
					: expectedForChartWrite(roles, target);
			case PLAN_AGREEMENT -> roles.contains(Role.CLIENT) && target == Target.RELATED ? "allowed"
					: expectedForChartWrite(roles, target);
			case PROGRAM_MANAGERS -> roles.contains(Role.ORG_ADMIN) || roles.contains(Role.PROGRAM_DIRECTOR)
					? "allowed" : "forbidden";
			case PROGRAM_DIRECTORS -> roles.contains(Role.PROGRAM_DIRECTOR) ? "allowed" : "forbidden";
			case REGISTRARS -> roles.stream()
				.anyMatch(role -> EnumSet.of(Role.FRONT_DESK, Role.CLINICIAN, Role.PROGRAM_DIRECTOR).contains(role))
					? "allowed" : "forbidden";
			case PROFILE_WRITE -> expectedForProfileWrite(roles, target);
			case PROFILE_WRITE_STAFF_PAGE -> roles.stream().noneMatch(Role::isStaff) ? "forbidden"
					: expectedForProfileWrite(roles, target);
			case MESSAGING -> roles.stream()
				.anyMatch(role -> EnumSet.of(Role.CLIENT, Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR)
					.contains(role)) ? "allowed" : "forbidden";
		};
	}

	/**
	 * The clinical record, for treatment: clinical staff on their care team or program; organization-wide roles
	 * (billing, front desk, admin) are tied to every client of their organization but not to clinical data, so they
	 * are forbidden; a client is forbidden their own record here (they read it through the portal) and does not find
	 * anyone else's.
	 */
	static String expectedForClinicalRecord(Set<Role> roles, Target target) {
		if (target == Target.OTHER_ORGANIZATION) {
			return "not found";
		}
		boolean clinical = roles.stream()
			.anyMatch(role -> EnumSet.of(Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR).contains(role));
		if (clinical) {
			return target == Target.RELATED ? "allowed" : "not found";
		}
		if (roles.stream().anyMatch(role -> EnumSet.of(Role.BILLING, Role.FRONT_DESK, Role.ORG_ADMIN).contains(role))) {
			return "forbidden";
		}
		return roles.contains(Role.CLIENT) && target == Target.RELATED ? "forbidden" : "not found";
	}

	/** Care team and program for clinical staff; the whole organization for scheduling, billing and admin. */
	static String expectedForClient(Set<Role> roles, Target target) {
		if (target == Target.OTHER_ORGANIZATION) {
			return "not found";
		}
		boolean organizationWide = roles.stream()
			.anyMatch(role -> EnumSet.of(Role.BILLING, Role.FRONT_DESK, Role.ORG_ADMIN).contains(role));
		if (organizationWide) {
			return "allowed";
		}
		boolean related = roles.stream()
			.anyMatch(role -> EnumSet.of(Role.CLIENT, Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR)
				.contains(role));
		return related && target == Target.RELATED ? "allowed" : "not found";
	}

	/** As {@link #expectedForClient}, but organization-wide roles see demographics only: clinical data is forbidden. */
	static String expectedForClinicalData(Set<Role> roles, Target target) {
		boolean clinical = roles.stream()
			.anyMatch(role -> EnumSet.of(Role.CLIENT, Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR)
				.contains(role));
		boolean organizationWide = roles.stream()
			.anyMatch(role -> EnumSet.of(Role.BILLING, Role.FRONT_DESK, Role.ORG_ADMIN).contains(role));
		if (target != Target.OTHER_ORGANIZATION && organizationWide && !clinical) {
			return "forbidden";
		}
		return expectedForClient(roles, target);
	}

	/** Billing, front desk or admin, with no clinical role besides. */
	static boolean organizationWideOnly(Set<Role> roles) {
		return roles.stream().anyMatch(role -> EnumSet.of(Role.BILLING, Role.FRONT_DESK, Role.ORG_ADMIN).contains(role))
				&& roles.stream()
					.noneMatch(role -> EnumSet.of(Role.CLIENT, Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR)
						.contains(role));
	}

	/** Changing the clinical record: clinicians and program directors of the care team only. */
	static String expectedForChartWrite(Set<Role> roles, Target target) {
		String reading = expectedForClinicalData(roles, target);
		if (!reading.equals("allowed")) {
			return reading;
		}
		return roles.contains(Role.CLINICIAN) || roles.contains(Role.PROGRAM_DIRECTOR) ? "allowed" : "forbidden";
	}

	/**
	 * Changing the profile: whoever may see the client and keeps a section of it (clinicians and program directors,
	 * front desk, billing) gets through the guard; the others who may see the client are forbidden.
	 */
	static String expectedForProfileWrite(Set<Role> roles, Target target) {
		String reading = expectedForClient(roles, target);
		if (!reading.equals("allowed")) {
			return reading;
		}
		return roles.stream()
			.anyMatch(role -> EnumSet.of(Role.CLINICIAN, Role.PROGRAM_DIRECTOR, Role.FRONT_DESK, Role.BILLING)
				.contains(role)) ? "allowed" : "forbidden";
	}

	/**
	 * Allowed includes a clear client error (a missing form field, an unknown grant): the guard let it through. For a
	 * route about a client, 404 is the "not found" that hides a client outside one's care.
	 */
	private static String outcome(HttpResponse<String> response, boolean aboutAClient) {
		int status = response.statusCode();
		String location = Http.location(response);
		if (status == 401 && response.body().contains("HAVEN_SECOND_FACTOR_REQUIRED")
				|| status == 302 && location.contains("/login/totp")) {
			return "second factor first";
		}
		if (status == 401 || status == 302 && location.endsWith("/login")) {
			return "sign in first";
		}
		if (status == 403) {
			return "forbidden";
		}
		if (status == 404) {
			return aboutAClient ? "not found" : "allowed";
		}
		return status < 500 ? "allowed" : "error " + status;
	}

	/** A client in the given position relative to the account, or null where the position does not exist. */
	private String clientFor(String who, Target target) {
		if (target == Target.OTHER_ORGANIZATION) {
			return otherOrganizationsClient;
		}
		List<String> evening = team("Evening SUD team");
		List<String> day = team("Day mental-health team");
		return switch (who) {
			case "password-only" -> target == Target.RELATED ? evening.get(0) : null;
			case "client@demo.haven.test", "client2@demo.haven.test" -> {
				String own = db.sql("SELECT client_id::text FROM identity.client_account WHERE user_id = ?::uuid")
					.param(userId(who))
					.query(String.class)
					.single();
				yield target == Target.RELATED ? own : day.get(day.size() - 1);
			}
			case "clinician@demo.haven.test", "facilitator@demo.haven.test" ->
				target == Target.RELATED ? evening.get(1) : day.get(1);
			case "director@demo.haven.test" -> target == Target.RELATED ? day.get(2) : null;
			default -> target == Target.RELATED ? day.get(3) : evening.get(3);
		};
	}

	private List<String> team(String name) {
		return db.sql("""
				SELECT c.client_id::text FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = ? AND t.org_id = (SELECT org_id FROM operations.demo_seed) ORDER BY c.client_id""")
			.param(name)
			.query(String.class)
			.list();
	}

	private Set<Role> roles(String who) {
		return accounts.get(who).roles().stream().map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
	}

	private String userId(String email) {
		return db.sql("SELECT user_id::text FROM identity.sign_in_name WHERE user_id = ?").param(TestServer.accountIdOf(email))
			.query(String.class).single();
	}

	private Set<String> routes() {
		Set<String> routes = new TreeSet<>();
		for (RequestMappingHandlerMapping mapping : server.context()
			.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				List<RequestMethod> listed = methods.isEmpty() ? List.of(RequestMethod.GET) : List.copyOf(methods);
				for (RequestMethod method : listed) {
					for (String pattern : info.getPatternValues()) {
						routes.add(method + " " + pattern);
					}
				}
			}
		}
		return routes;
	}

}
