package health.haven.identity.web;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.AccountSummary;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.CurrentActor;
import health.haven.identity.Invitations;
import health.haven.identity.Role;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The organization admin's pages: the people of the organization, invitations, roles, care-team membership,
 * suspension and deprovisioning, and the access review.
 *
 * <p>Who may open these is declared once, in the web security rules ({@code /admin/**}: organization admins; the
 * access review also compliance officers; every change a step-up). The organization is always the signed-in admin's
 * own, and every id in a request is checked to belong to it before anything changes (row-level security hides other
 * organizations' rows, but foreign keys are checked across them).
 */
@Controller
class AdminPages {

	private final Accounts accounts;

	private final Invitations invitations;

	private final CareTeams careTeams;

	private final AuditTrail audit;

	AdminPages(Accounts accounts, Invitations invitations, CareTeams careTeams, AuditTrail audit) {
		this.accounts = accounts;
		this.invitations = invitations;
		this.careTeams = careTeams;
		this.audit = audit;
	}

	@GetMapping("/admin/users")
	String users(Model model) {
		Actor admin = CurrentActor.require();
		model.addAttribute("accounts", accounts.accounts(admin.org()));
		model.addAttribute("careTeams", careTeams.teams(admin.org()));
		model.addAttribute("roles", Role.values());
		model.addAttribute("me", admin.user());
		return "admin-users";
	}

	@PostMapping("/admin/invitations")
	String invite(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String displayName,
			@RequestParam(defaultValue = "") List<Role> roles, Model model) {
		Actor admin = CurrentActor.require();
		Invitations.Invitation invitation = invitations.invite(admin.ref(), admin.org(), email, displayName,
				roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
		model.addAttribute("link",
				ServletUriComponentsBuilder.fromCurrentContextPath().path("/invitations/{token}")
					.buildAndExpand(invitation.token())
					.toUriString());
		model.addAttribute("expiresAt", invitation.expiresAt());
		return "admin-invited";
	}

	@PostMapping("/admin/users/{id}/roles")
	String roles(@PathVariable UUID id, @RequestParam Role role, @RequestParam String change) {
		Actor admin = CurrentActor.require();
		UserId user = inOrganization(admin, id);
		switch (change) {
			case "grant" -> accounts.grantRole(admin.ref(), admin.org(), user, role);
			case "remove" -> accounts.revokeRole(admin.ref(), admin.org(), user, role);
			default -> throw badChange();
		}
		return "redirect:/admin/users?changed";
	}

	@PostMapping("/admin/users/{id}/suspend")
	String suspend(@PathVariable UUID id) {
		Actor admin = CurrentActor.require();
		accounts.suspend(admin.ref(), admin.org(), inOrganization(admin, id));
		return "redirect:/admin/users?changed";
	}

	@PostMapping("/admin/users/{id}/deprovision")
	String deprovision(@PathVariable UUID id) {
		Actor admin = CurrentActor.require();
		accounts.deprovision(admin.ref(), admin.org(), inOrganization(admin, id));
		return "redirect:/admin/users?changed";
	}

	@PostMapping("/admin/care-teams/{team}/members")
	String members(@PathVariable UUID team, @RequestParam UUID user, @RequestParam String change) {
		Actor admin = CurrentActor.require();
		if (!careTeams.teams(admin.org()).containsKey(team)) {
			throw new HavenException("IDENTITY_CARE_TEAM_NOT_FOUND", Kind.NOT_FOUND,
					"there is no such care team in your organization");
		}
		UserId member = inOrganization(admin, user);
		switch (change) {
			case "add" -> careTeams.addMember(admin.ref(), admin.org(), team, member);
			case "remove" -> careTeams.removeMember(admin.ref(), admin.org(), team, member);
			default -> throw badChange();
		}
		return "redirect:/admin/users?changed";
	}

	@GetMapping("/admin/access-review")
	String accessReview(Model model) {
		Actor reviewer = CurrentActor.require();
		Instant now = Instant.now();
		List<AccountSummary> staff = workforce(reviewer);
		model.addAttribute("accounts", staff);
		model.addAttribute("dormant", staff.stream().filter(a -> a.dormantAt(now)).map(AccountSummary::id).toList());
		model.addAttribute("dormantDays", AccountSummary.DORMANT_AFTER.toDays());
		return "admin-access-review";
	}

	/** The same review as a spreadsheet for the compliance file; the export is audited. */
	@GetMapping("/admin/access-review.csv")
	ResponseEntity<String> accessReviewCsv() {
		Actor reviewer = CurrentActor.require();
		Instant now = Instant.now();
		StringBuilder csv = new StringBuilder("account_id,display_name,email,status,roles,care_teams,last_active_at,dormant\r\n");
		for (AccountSummary account : workforce(reviewer)) {
			csv.append(String.join(",", account.id().toString(), cell(account.displayName()), cell(account.email()),
					account.status(), cell(String.join(" ", account.roles().stream().map(Role::name).sorted().toList())),
					cell(String.join("; ", account.careTeams())),
					account.lastActiveAt() == null ? "" : account.lastActiveAt().toString(),
					account.dormantAt(now) ? "yes" : "no"))
				.append("\r\n");
		}
		audit.record(AuditEntry.of(reviewer.ref(), AuditAction.EXPORT, Purpose.OPERATIONS)
			.org(reviewer.org())
			.resource("access_review", reviewer.org().toString())
			.detail("format", "csv")
			.build());
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"access-review.csv\"")
			.body(csv.toString());
	}

	/** A change refused (bad input, conflict, unknown id): the friendly page with the reason; nothing changed. */
	@ExceptionHandler(HavenException.class)
	ModelAndView refused(HavenException ex) {
		return Pages.refused(ex);
	}

	/**
	 * The access review is of the workforce: accounts holding a staff or auditor role. Client portal accounts are
	 * left out (minimum necessary: a reviewer has no need for the list of clients).
	 */
	private List<AccountSummary> workforce(Actor reviewer) {
		return accounts.accounts(reviewer.org()).stream().filter(AccountSummary::isStaff).toList();
	}

	private UserId inOrganization(Actor admin, UUID id) {
		UserId user = new UserId(id);
		if (accounts.account(admin.org(), user).isEmpty()) {
			throw new HavenException("IDENTITY_ACCOUNT_NOT_FOUND", Kind.NOT_FOUND,
					"there is no such account in your organization");
		}
		return user;
	}

	private static HavenException badChange() {
		return new HavenException("IDENTITY_CHANGE_UNKNOWN", Kind.BAD_REQUEST, "choose a change to make");
	}

	/** Quoted, and a leading formula character neutralized, so a spreadsheet never runs a display name. */
	static String cell(String value) {
		String safe = value == null ? "" : value;
		if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
			safe = "'" + safe;
		}
		return "\"" + safe.replace("\"", "\"\"") + "\"";
	}

}
