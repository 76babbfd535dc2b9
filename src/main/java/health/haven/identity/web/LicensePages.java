package health.haven.identity.web;

import health.haven.identity.AccountSummary;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.identity.LicenseType;
import health.haven.identity.NewLicense;
import health.haven.identity.StaffLicense;
import health.haven.identity.StaffLicenses;
import health.haven.identity.UsStates;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.UserId;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff licenses: the admin records and changes them (under {@code /admin}: admins only, changes need step-up), a
 * member of staff reads their own ({@code /account/licenses}), the program director everyone's ({@code /licenses}).
 * A refused form comes back with status 400 and the field at fault named.
 */
@Controller
class LicensePages {

	private final StaffLicenses licenses;

	private final Accounts accounts;

	LicensePages(StaffLicenses licenses, Accounts accounts) {
		this.licenses = licenses;
		this.accounts = accounts;
	}

	@GetMapping("/admin/licenses")
	String manage(Model model) {
		return manage(CurrentActor.require(), model);
	}

	@PostMapping("/admin/licenses")
	String add(@RequestParam(defaultValue = "") String staff, @RequestParam(defaultValue = "") String state,
			@RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String number,
			@RequestParam(defaultValue = "") String expiresOn, Model model, HttpServletResponse response) {
		Actor admin = CurrentActor.require();
		try {
			UserId person = new UserId(parseId(staff, "staff: choose a member of staff of your organization"));
			licenses.add(admin, person, license(state, type, number, expiresOn));
			model.addAttribute("saved", true);
		}
		catch (HavenException ex) {
			refusedForm(ex, model, response);
		}
		return manage(admin, model);
	}

	@PostMapping("/admin/licenses/{license}")
	String change(@PathVariable String license, @RequestParam(defaultValue = "") String state,
			@RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String number,
			@RequestParam(defaultValue = "") String expiresOn, Model model, HttpServletResponse response) {
		Actor admin = CurrentActor.require();
		UUID id;
		try {
			id = UUID.fromString(license);
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("IDENTITY_LICENSE_NOT_FOUND", Kind.NOT_FOUND,
					"there is no such license in your organization");
		}
		try {
			licenses.change(admin, id, license(state, type, number, expiresOn));
			model.addAttribute("saved", true);
		}
		catch (HavenException ex) {
			refusedForm(ex, model, response);
		}
		return manage(admin, model);
	}

	@GetMapping("/account/licenses")
	String own(Model model) {
		Actor actor = CurrentActor.require();
		if (!actor.isStaff()) {
			throw new HavenException("IDENTITY_LICENSES_NOT_ALLOWED", Kind.FORBIDDEN, "licenses are held by staff");
		}
		model.addAttribute("title", "My licenses");
		model.addAttribute("rows", rows(licenses.of(actor, actor.user()), Map.of()));
		model.addAttribute("today", LocalDate.now());
		return "licenses";
	}

	@GetMapping("/licenses")
	String everyone(Model model) {
		Actor actor = CurrentActor.require();
		model.addAttribute("title", "Staff licenses");
		model.addAttribute("rows", rows(licenses.all(actor), names(actor)));
		model.addAttribute("today", LocalDate.now());
		return "licenses";
	}

	private String manage(Actor admin, Model model) {
		Map<UserId, String> names = names(admin);
		model.addAttribute("rows", rows(licenses.all(admin), names));
		model.addAttribute("staff", names);
		model.addAttribute("types", LicenseType.values());
		model.addAttribute("states", new TreeSet<>(UsStates.CODES));
		model.addAttribute("today", LocalDate.now());
		return "admin-licenses";
	}

	private static void refusedForm(HavenException ex, Model model, HttpServletResponse response) {
		if (ex.kind() != Kind.BAD_REQUEST && ex.kind() != Kind.CONFLICT) {
			throw ex;
		}
		response.setStatus(ex.kind().status());
		model.addAttribute("error", ex.explanation());
		model.addAttribute("code", ex.code());
	}

	private Map<UserId, String> names(Actor actor) {
		return accounts.accounts(actor.org())
			.stream()
			.filter(AccountSummary::isStaff)
			.collect(Collectors.toMap(AccountSummary::id, account -> String.valueOf(account.displayName()),
					(a, b) -> a, java.util.LinkedHashMap::new));
	}

	private static List<Row> rows(List<StaffLicense> held, Map<UserId, String> names) {
		Function<UserId, String> name = user -> names.getOrDefault(user, "");
		LocalDate today = LocalDate.now();
		return held.stream().map(license -> new Row(license, name.apply(license.staff()), license.activeOn(today)))
			.toList();
	}

	private static NewLicense license(String state, String type, String number, String expiresOn) {
		LicenseType kind = null;
		if (!type.isBlank()) {
			try {
				kind = LicenseType.valueOf(type.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new HavenException("IDENTITY_LICENSE_TYPE_MISSING", Kind.BAD_REQUEST,
						"type: choose the kind of license");
			}
		}
		LocalDate expires = null;
		if (!expiresOn.isBlank()) {
			try {
				expires = LocalDate.parse(expiresOn.strip());
			}
			catch (DateTimeParseException ex) {
				throw new HavenException("IDENTITY_LICENSE_EXPIRY_INVALID", Kind.BAD_REQUEST,
						"expiresOn: give the license's expiry date as YYYY-MM-DD");
			}
		}
		return new NewLicense(state, kind, number, expires);
	}

	private static UUID parseId(String value, String explanation) {
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("IDENTITY_LICENSE_STAFF_UNKNOWN", Kind.BAD_REQUEST, explanation);
		}
	}

	/** A license as listed: with the holder's name where the reader may see it, and whether it is active today. */
	record Row(StaffLicense license, String holder, boolean active) {
	}

}
