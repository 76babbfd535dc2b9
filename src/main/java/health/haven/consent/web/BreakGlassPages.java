package health.haven.consent.web;

import health.haven.consent.BreakGlass;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Emergency access for clinicians (asking for it needs a second factor from the last five minutes) and the privacy
 * officer's review queue.
 */
@Controller
class BreakGlassPages {

	static final String EMERGENCY_ACCESS = "/clients/{id}/emergency-access";

	private final BreakGlass breakGlass;

	BreakGlassPages(BreakGlass breakGlass) {
		this.breakGlass = breakGlass;
	}

	@GetMapping(EMERGENCY_ACCESS)
	String form(@PathVariable String id, Model model) {
		if (!CurrentActor.require().has(Role.CLINICIAN)) {
			throw new HavenException("CONSENT_BREAK_GLASS_NOT_ALLOWED", Kind.FORBIDDEN,
					"only clinicians may use emergency access");
		}
		model.addAttribute("clientId", clientId(id).toString());
		return "emergency-access";
	}

	@PostMapping(EMERGENCY_ACCESS)
	String start(@PathVariable String id, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "60") int minutes, Model model) {
		ClientId client = clientId(id);
		try {
			breakGlass.start(CurrentActor.require(), client, reason, Duration.ofMinutes(minutes));
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			model.addAttribute("clientId", client.toString());
			model.addAttribute("error", ex.explanation());
			return "emergency-access";
		}
		return "redirect:/clients/" + client + "?emergency=true";
	}

	@GetMapping("/compliance/emergency-access")
	String queue(Model model) {
		Actor reviewer = CurrentActor.require();
		model.addAttribute("grants", breakGlass.awaitingReview(reviewer));
		return "emergency-access-review";
	}

	@GetMapping("/compliance/emergency-access/{grant}")
	String one(@PathVariable UUID grant, Model model) {
		Actor reviewer = CurrentActor.require();
		model.addAttribute("grant", grant.toString());
		model.addAttribute("reason", breakGlass.reason(reviewer, grant)
			.orElseThrow(() -> new HavenException("CONSENT_BREAK_GLASS_NOT_FOUND", Kind.NOT_FOUND, "no such grant")));
		return "emergency-access-reason";
	}

	@PostMapping("/compliance/emergency-access/{grant}/sign-off")
	String signOff(@PathVariable UUID grant) {
		breakGlass.signOff(CurrentActor.require(), grant);
		return "redirect:/compliance/emergency-access?signedOff";
	}

	private static ClientId clientId(String id) {
		try {
			return new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
	}

}
