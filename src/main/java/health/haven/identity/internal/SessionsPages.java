package health.haven.identity.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

/**
 * "My sessions and devices": where a person sees where they are signed in and signs out any of those places. Only
 * the person's own sessions are ever looked up (by their account id), so a digest that is not theirs is simply not
 * found. Sessions are named by a digest of their id everywhere on the page: a session id is a bearer secret.
 */
@Controller
class SessionsPages {

	static final String PATH = "/account/sessions";

	static final String KEEP_ALIVE = "/account/session/keep-alive";

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final SignInDevices devices;

	private final AuditTrail audit;

	SessionsPages(FindByIndexNameSessionRepository<? extends Session> sessions, SignInDevices devices,
			AuditTrail audit) {
		this.sessions = sessions;
		this.devices = devices;
		this.audit = audit;
	}

	record SignedInSession(String digest, Instant created, Instant lastActive, String device, String sourceAddress,
			boolean current) {

		public String createdShown() {
			return SignInDevices.SHOWN.format(created);
		}

		public String lastActiveShown() {
			return SignInDevices.SHOWN.format(lastActive);
		}

	}

	@GetMapping(PATH)
	String sessions(Model model, HttpServletRequest request) {
		String current = currentDigest(request);
		List<SignedInSession> list = own().values()
			.stream()
			.map(session -> new SignedInSession(CurrentActor.digest(session.getId()), session.getCreationTime(),
					session.getLastAccessedTime(), orElse(session.getAttribute(SignInDevices.DEVICE), "Unknown browser"),
					orElse(session.getAttribute(SignInDevices.ADDRESS), "unknown address"),
					CurrentActor.digest(session.getId()).equals(current)))
			.sorted(Comparator.comparing(SignedInSession::current)
				.reversed()
				.thenComparing(SignedInSession::lastActive, Comparator.reverseOrder()))
			.toList();
		model.addAttribute("sessions", list);
		return "account-sessions";
	}

	@PostMapping(PATH + "/{digest}/revoke")
	String revoke(@PathVariable String digest, HttpServletRequest request) {
		Actor actor = CurrentActor.require();
		String id = own().keySet()
			.stream()
			.filter(sessionId -> CurrentActor.digest(sessionId).equals(digest))
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		signedOut(actor, digest, "revoked");
		if (digest.equals(currentDigest(request))) {
			request.getSession().invalidate();
			SecurityContextHolder.clearContext();
			return "redirect:/login?logout";
		}
		sessions.deleteById(id);
		return "redirect:" + PATH + "?revoked";
	}

	/** "Sign out everywhere else": every session of the person except the one making the request. */
	@PostMapping(PATH + "/revoke-others")
	String revokeOthers(HttpServletRequest request) {
		Actor actor = CurrentActor.require();
		String current = currentDigest(request);
		for (String id : own().keySet()) {
			String digest = CurrentActor.digest(id);
			if (!digest.equals(current)) {
				signedOut(actor, digest, "revoked_elsewhere");
				sessions.deleteById(id);
			}
		}
		return "redirect:" + PATH + "?revokedOthers";
	}

	@PostMapping(PATH + "/notices/{notice}/dismiss")
	String dismiss(@PathVariable UUID notice) {
		Actor actor = CurrentActor.require();
		if (!devices.dismiss(actor.org(), actor.user(), notice)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return "redirect:" + PATH;
	}

	/**
	 * "Stay signed in" from the idle warning. The request itself is the activity: Spring Session moves the session's
	 * last access time forward, so there is nothing else to do.
	 */
	@PostMapping(KEEP_ALIVE)
	ResponseEntity<Void> keepAlive() {
		return ResponseEntity.noContent().build();
	}

	private Map<String, ? extends Session> own() {
		Actor actor = CurrentActor.require();
		return sessions.findByPrincipalName(actor.user().toString());
	}

	private void signedOut(Actor actor, String digest, String reason) {
		audit.record(AuditEntry.of(actor.ref(), AuditAction.SIGN_OUT, Purpose.OPERATIONS)
			.org(actor.org())
			.resource("session", digest)
			.detail("reason", reason)
			.build());
	}

	private static String currentDigest(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			throw new HavenException("IDENTITY_NOT_SIGNED_IN", Kind.UNAUTHENTICATED, "sign in to continue");
		}
		return CurrentActor.digest(session.getId());
	}

	private static String orElse(Object value, String fallback) {
		return value instanceof String text && !text.isBlank() ? text : fallback;
	}

}
