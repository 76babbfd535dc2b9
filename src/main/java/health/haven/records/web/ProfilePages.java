package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.records.ClientProfile;
import health.haven.records.ClientProfiles;
import health.haven.records.Clients;
import health.haven.records.ProfileChange;
import health.haven.records.ProfileSection;
import health.haven.records.RiskFlag;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The staff page of a client's profile: what the reader may see, and a form for each section they may change. Each
 * form posts one section with the version it was shown at; a refused change (bad input, a stale edit, a discharged
 * chart) shows the page again with the reason and changes nothing.
 */
@Controller
class ProfilePages {

	private final Clients clients;

	private final ClientProfiles profiles;

	private final AccessDecisions decisions;

	ProfilePages(Clients clients, ClientProfiles profiles, AccessDecisions decisions) {
		this.clients = clients;
		this.profiles = profiles;
		this.decisions = decisions;
	}

	@GetMapping("/clients/{id}/profile")
	String profile(@PathVariable String id, Model model) {
		return page(StaffPages.staff(), ChartRequests.clientId(id), model);
	}

	/**
	 * One section: {@code section} is DEMOGRAPHICS, INSURANCE or RISK_FLAGS; risk flags come as a checkbox
	 * {@code flag} per kind raised, with an optional {@code note_KIND}.
	 */
	@PostMapping("/clients/{id}/profile")
	String change(@PathVariable String id, @RequestParam MultiValueMap<String, String> form, Model model,
			HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		String section = form.getFirst("section") == null ? "" : form.getFirst("section");
		int basedOn;
		try {
			basedOn = Integer.parseInt(form.getFirst("basedOn") == null ? "-1" : form.getFirst("basedOn").strip());
		}
		catch (NumberFormatException ex) {
			basedOn = -1;
		}
		ProfileChange change = switch (section) {
			case "DEMOGRAPHICS" -> new ProfileChange(basedOn,
					new ClientProfile.Demographics(form.getFirst("preferredName"), form.getFirst("pronouns"),
							form.getFirst("emergencyContactName"), form.getFirst("emergencyContactRelationship"),
							form.getFirst("emergencyContactPhone")),
					null, null);
			case "INSURANCE" -> new ProfileChange(basedOn, null,
					new ClientProfile.Insurance(form.getFirst("payer"), form.getFirst("memberId"),
							form.getFirst("groupNumber"), form.getFirst("subscriberRelation")),
					null);
			case "RISK_FLAGS" -> new ProfileChange(basedOn, null, null, flags(form));
			default -> new ProfileChange(basedOn, null, null, null);
		};
		try {
			profiles.change(actor, client, change);
			return "redirect:/clients/" + client + "/profile?saved";
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST && ex.kind() != Kind.CONFLICT) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			return page(actor, client, model);
		}
	}

	private static List<RiskFlag> flags(MultiValueMap<String, String> form) {
		List<RiskFlag> flags = new ArrayList<>();
		for (String raised : form.getOrDefault("flag", List.of())) {
			RiskFlag.Kind kind = ClientProfileApi.FlagJson.kind(raised);
			flags.add(new RiskFlag(kind, kind == null ? null : form.getFirst("note_" + kind.name())));
		}
		return flags;
	}

	private String page(Actor actor, ClientId client, Model model) {
		Purpose purpose = decisions.usualPurpose(actor);
		model.addAttribute("client", clients.find(actor, client, purpose));
		ClientProfile profile = profiles.of(actor, client, purpose);
		model.addAttribute("profile", profile);
		model.addAttribute("kinds", RiskFlag.Kind.values());
		Map<RiskFlag.Kind, String> raised = new java.util.EnumMap<>(RiskFlag.Kind.class);
		if (profile.riskFlags() != null) {
			profile.riskFlags().forEach(flag -> raised.put(flag.kind(), flag.note() == null ? "" : flag.note()));
		}
		model.addAttribute("raised", raised);
		model.addAttribute("changeDemographics", profile.mayChange().contains(ProfileSection.DEMOGRAPHICS));
		model.addAttribute("changeInsurance", profile.mayChange().contains(ProfileSection.INSURANCE));
		model.addAttribute("changeRiskFlags", profile.mayChange().contains(ProfileSection.RISK_FLAGS));
		return "client-profile";
	}

}
