package health.haven.telehealth;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.scheduling.ProgramWeek;
import health.haven.scheduling.SessionStatus;
import health.haven.scheduling.Sessions;
import health.haven.scheduling.StaffedSession;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import health.haven.telehealth.internal.AttendanceRules;
import health.haven.telehealth.internal.AttendanceRules.Computed;
import health.haven.telehealth.internal.AttendanceStore;
import health.haven.telehealth.internal.AttendanceStore.Confirmation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Attendance of scheduled sessions, taken from the server's view of presence in the session's rooms and confirmed by
 * the session's staff (IOP-ATT-01; ADR 0012).
 *
 * <p>Who: the session's facilitator, co-facilitator or clinician and its program's director, as scheduling decides
 * ({@link Sessions#forStaff}); everyone else, the clients on the roster included, gets "not found". The session role
 * is the basis for seeing the roster's attendance (the facilitator saw them in the room); every client's record read
 * is audited under that client, every confirmation is audited in the transaction that writes it.
 *
 * <p>Late and left early are decided with grace periods ({@code haven.attendance.late-after} and
 * {@code haven.attendance.left-early-before}, 10 minutes each by default): a few minutes lost to a reconnect are not
 * late. Attendance is confirmed once the session has ended, so that what presence shows no longer changes under the
 * facilitator's eyes. A confirmation that departs from presence (another status, other minutes) needs a reason, and
 * every confirmation is a new row, so a correction never hides what was confirmed before.
 */
@Service
public class Attendance {

	static final String RESOURCE = "attendance";

	private static final int MAX_REASON = 2000;

	private final Sessions sessions;

	private final AttendanceStore store;

	private final CareTeams careTeams;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final FieldCipher cipher;

	private final TenantWork work;

	private final Duration lateAfter;

	private final Duration leftEarlyBefore;

	private final Clock clock;

	Attendance(Sessions sessions, AttendanceStore store, CareTeams careTeams, AccessDecisions decisions,
			AuditTrail audit, FieldCipher cipher, TenantWork work,
			@Value("${haven.attendance.late-after:PT10M}") Duration lateAfter,
			@Value("${haven.attendance.left-early-before:PT10M}") Duration leftEarlyBefore) {
		this.sessions = sessions;
		this.store = store;
		this.careTeams = careTeams;
		this.decisions = decisions;
		this.audit = audit;
		this.cipher = cipher;
		this.work = work;
		this.lateAfter = lateAfter;
		this.leftEarlyBefore = leftEarlyBefore;
		this.clock = Clock.systemUTC();
	}

	/**
	 * The session's attendance, one record per roster client, pre-filled from presence and overlaid with what was
	 * confirmed. Each client's record is audited as a read of that client's data before any of it is returned.
	 */
	public SessionAttendance of(Actor actor, UUID sessionId) {
		StaffedSession session = sessions.forStaff(actor, sessionId);
		OrgId org = actor.org();
		return audit.readingTogether(() -> {
			SessionAttendance attendance = work.reading(org, () -> load(org, session, clock.instant()));
			for (AttendanceRecord record : attendance.records()) {
				audit.recordBeforeRead(AuditEntry.of(actor.ref(), AuditAction.READ, decisions.usualPurpose(actor))
					.org(org)
					.client(record.client())
					.resource(RESOURCE, session.id().toString())
					.detail("confirmed", Boolean.toString(record.confirmed()))
					.outcome(AuditOutcome.ALLOWED)
					.build());
			}
			return attendance;
		});
	}

	/**
	 * Confirms (or corrects) the attendance of some or all of the roster, all or nothing: every line is checked first
	 * (a client on the roster, once; a known status; minutes within the session; a reason wherever the line departs
	 * from what presence shows), then all are written with their audit entries in one transaction.
	 */
	public SessionAttendance confirm(Actor actor, UUID sessionId, List<AttendanceCorrection> lines) {
		StaffedSession session = sessions.forStaff(actor, sessionId);
		if (session.status() == SessionStatus.CANCELLED) {
			throw new HavenException("ATTENDANCE_SESSION_CANCELLED", Kind.CONFLICT,
					"the session was cancelled; there is no attendance to confirm");
		}
		Instant now = clock.instant();
		if (now.isBefore(session.endsAt())) {
			throw new HavenException("ATTENDANCE_SESSION_NOT_ENDED", Kind.CONFLICT,
					"attendance is confirmed once the session has ended");
		}
		if (lines == null || lines.isEmpty()) {
			throw new HavenException("ATTENDANCE_NOTHING_TO_CONFIRM", Kind.BAD_REQUEST,
					"confirm the attendance of at least one client; nothing was written");
		}
		OrgId org = actor.org();
		SessionAttendance current = work.reading(org, () -> load(org, session, now));
		Map<ClientId, AttendanceRecord> byClient = new HashMap<>();
		current.records().forEach(record -> byClient.put(record.client(), record));
		long longest = Duration.between(session.startsAt(), session.endsAt()).toMinutes();
		List<Checked> checked = new ArrayList<>();
		Set<ClientId> seen = new HashSet<>();
		for (int i = 0; i < lines.size(); i++) {
			checked.add(check(lines.get(i), i + 1, byClient, seen, longest));
		}
		work.inTransaction(org, () -> {
			for (Checked line : checked) {
				UUID id = UUID.randomUUID();
				byte[] reason = line.reason() == null ? null
						: cipher.sealText(KeyScope.client(org, line.client()), reasonField(id), line.reason());
				store.confirm(id, org.value(), session.id(), line.client(), line.status(), line.minutes(),
						line.was().computedStatus(), line.was().computedMinutes(), reason, actor.user());
				audit.record(AuditEntry.of(actor.ref(), line.was().confirmed() ? AuditAction.UPDATE : AuditAction.CREATE,
						decisions.usualPurpose(actor))
					.org(org)
					.client(line.client())
					.resource(RESOURCE, session.id().toString())
					.detail("status", line.status().name())
					.detail("changedFromPresence", Boolean.toString(line.reason() != null))
					.outcome(AuditOutcome.ALLOWED)
					.build());
			}
		});
		return of(actor, sessionId);
	}

	/**
	 * Minutes attended per client in one session, for the weekly-hours monitor: the confirmed minutes where the staff
	 * confirmed them, else what presence shows so far. Inside the caller's tenant transaction; the caller decides and
	 * audits access to each client it shows.
	 */
	Map<ClientId, Integer> minutes(OrgId org, ProgramWeek.Session session, Instant now) {
		Map<ClientId, Integer> minutes = new HashMap<>();
		staysByClient(org, session.id(), null).forEach((client, stays) -> minutes.put(client, AttendanceRules
			.compute(session.startsAt(), session.endsAt(), now, lateAfter, leftEarlyBefore, stays)
			.minutes()));
		store.confirmations(session.id()).forEach((client, confirmation) -> minutes.put(client, confirmation.minutes()));
		return minutes;
	}

	private SessionAttendance load(OrgId org, StaffedSession session, Instant now) {
		Map<ClientId, Confirmation> confirmations = store.confirmations(session.id());
		Set<ClientId> wanted = new HashSet<>(session.roster());
		wanted.addAll(confirmations.keySet());
		Map<ClientId, List<AttendanceRules.Stay>> stays = staysByClient(org, session.id(), wanted);
		List<AttendanceRecord> records = new ArrayList<>();
		// The roster follows the enrollment (ADR 0010): a client confirmed here who has since left the track keeps
		// their record of this session.
		Set<ClientId> listed = new java.util.LinkedHashSet<>(session.roster());
		listed.addAll(confirmations.keySet());
		for (ClientId client : listed) {
			Computed computed = AttendanceRules.compute(session.startsAt(), session.endsAt(), now, lateAfter,
					leftEarlyBefore, stays.getOrDefault(client, List.of()));
			Confirmation confirmation = confirmations.get(client);
			records.add(confirmation == null
					? new AttendanceRecord(client, computed.status(), computed.minutes(), computed.late(),
							computed.leftEarly(), computed.firstAdmitted(), computed.lastLeft(), computed.stays(), false,
							computed.status(), computed.minutes(), null, null, null)
					: new AttendanceRecord(client, computed.status(), computed.minutes(), computed.late(),
							computed.leftEarly(), computed.firstAdmitted(), computed.lastLeft(), computed.stays(), true,
							confirmation.status(), confirmation.minutes(), confirmation.by(), confirmation.at(),
							confirmation.sealedReason() == null ? null
									: cipher.openText(KeyScope.client(org, client), reasonField(confirmation.id()),
											confirmation.sealedReason())));
		}
		return new SessionAttendance(session, !now.isBefore(session.endsAt()), lateAfter.toMinutes(),
				leftEarlyBefore.toMinutes(), records);
	}

	/**
	 * The stays in the session's rooms of each client's own account (a client's portal account is linked to their
	 * record; staff accounts are linked to none, so their presence counts for nobody). {@code only}: these clients.
	 */
	private Map<ClientId, List<AttendanceRules.Stay>> staysByClient(OrgId org, UUID session, Set<ClientId> only) {
		Map<ClientId, List<AttendanceRules.Stay>> byClient = new LinkedHashMap<>();
		for (Map.Entry<UserId, List<AttendanceRules.Stay>> person : store.stays(session).entrySet()) {
			for (ClientId client : careTeams.clientsOf(org, person.getKey())) {
				if ((only == null || only.contains(client))
						&& careTeams.relationship(org, person.getKey(), client) == Relationship.SELF) {
					byClient.computeIfAbsent(client, c -> new ArrayList<>()).addAll(person.getValue());
				}
			}
		}
		return byClient;
	}

	private Checked check(AttendanceCorrection line, int position, Map<ClientId, AttendanceRecord> roster,
			Set<ClientId> seen, long longest) {
		ClientId client;
		try {
			client = new ClientId(UUID.fromString(line == null || line.client() == null ? "" : line.client().strip()));
		}
		catch (IllegalArgumentException ex) {
			client = null;
		}
		if (client == null || !roster.containsKey(client)) {
			throw refused(position, "ATTENDANCE_NOT_ON_ROSTER", "is not on this session's roster");
		}
		if (!seen.add(client)) {
			throw refused(position, "ATTENDANCE_CLIENT_TWICE", "is listed twice");
		}
		AttendanceRecord was = roster.get(client);
		AttendanceStatus status = line.status() == null || line.status().isBlank() ? was.computedStatus()
				: named(line.status(), position);
		int minutes;
		if (status == AttendanceStatus.ABSENT) {
			if (line.minutes() != null && line.minutes() != 0) {
				throw refused(position, "ATTENDANCE_MINUTES_INVALID", "is absent: absent is 0 minutes");
			}
			minutes = 0;
		}
		else if (line.minutes() != null) {
			if (line.minutes() < 1 || line.minutes() > longest) {
				throw refused(position, "ATTENDANCE_MINUTES_INVALID",
						"attended from 1 to " + longest + " minutes (the length of the session)");
			}
			minutes = line.minutes();
		}
		else if (was.computedMinutes() > 0) {
			minutes = was.computedMinutes();
		}
		else {
			throw refused(position, "ATTENDANCE_MINUTES_REQUIRED",
					"was not seen in the room: give the minutes they attended");
		}
		String reason = line.reason() == null || line.reason().isBlank() ? null : line.reason().strip();
		boolean changed = status != was.computedStatus() || minutes != was.computedMinutes();
		if (changed && reason == null) {
			throw refused(position, "ATTENDANCE_REASON_REQUIRED",
					"differs from what presence shows (" + was.computedStatus().label() + ", " + was.computedMinutes()
							+ " min): give the reason for the change");
		}
		if (reason != null && reason.length() > MAX_REASON) {
			throw refused(position, "ATTENDANCE_REASON_TOO_LONG", "has a reason over " + MAX_REASON + " characters");
		}
		return new Checked(client, status, minutes, changed ? reason : null, was);
	}

	private static AttendanceStatus named(String status, int position) {
		try {
			return AttendanceStatus.named(status);
		}
		catch (HavenException ex) {
			throw refused(position, ex.code(), "has an unknown status (PRESENT, LATE, LEFT_EARLY or ABSENT)");
		}
	}

	/** Names the line by its position, never by the client: the message may be shown or logged. */
	private static HavenException refused(int position, String code, String what) {
		return new HavenException(code, Kind.BAD_REQUEST,
				"attendee " + position + " " + what + "; nothing was written");
	}

	private static FieldRef reasonField(UUID confirmation) {
		return FieldRef.of("telehealth.attendance_confirmation", "reason", confirmation);
	}

	private record Checked(ClientId client, AttendanceStatus status, int minutes, String reason,
			AttendanceRecord was) {

		@Override
		public String toString() {
			return "Checked[client=" + client + ", status=" + status + "]";
		}

	}

}
