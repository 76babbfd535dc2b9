package health.haven.consent.web;

import health.haven.consent.ClientConsents;
import health.haven.consent.ConsentKind;
import health.haven.consent.ConsentSignature;
import health.haven.consent.ConsentText;
import health.haven.consent.ConsentTexts;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The client's consents: the list with what is signed, and one text to read and sign (typed full name and a tick).
 * Clients only, for themselves; the portal gives these pages their final home. Staff see whether a client signed
 * through {@code GET /api/v1/clients/{id}/consents}.
 */
@Controller
class ConsentPages {

	private final ClientConsents consents;

	private final ConsentTexts texts;

	ConsentPages(ClientConsents consents, ConsentTexts texts) {
		this.consents = consents;
		this.texts = texts;
	}

	@GetMapping("/consents")
	String list(Model model) {
		Actor actor = CurrentActor.require();
		ClientId self = self(actor);
		List<ConsentSignature> signed = consents.signatures(actor, self);
		model.addAttribute("kinds", Arrays.stream(ConsentKind.values())
			.map(kind -> new Line(kind, texts.current(kind).version(),
					signed.stream().anyMatch(one -> one.kind() == kind && one.current())))
			.toList());
		return "consents";
	}

	@GetMapping("/consents/{kind}")
	String read(@PathVariable String kind, Model model) {
		Actor actor = CurrentActor.require();
		self(actor);
		show(kind(kind), model);
		return "consent";
	}

	@PostMapping("/consents/{kind}")
	String sign(@PathVariable String kind, @RequestParam(defaultValue = "0") String version,
			@RequestParam(defaultValue = "") String typedName, @RequestParam(defaultValue = "false") boolean agreed,
			Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		ClientId self = self(actor);
		ConsentKind consent = kind(kind);
		try {
			consents.sign(actor, self, consent, number(version), typedName, agreed);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST && ex.kind() != Kind.CONFLICT) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			model.addAttribute("code", ex.code());
			show(consent, model);
			return "consent";
		}
		return "redirect:/consents?signed=" + consent.slug();
	}

	@GetMapping(path = "/api/v1/clients/{id}/consents", produces = "application/json")
	@ResponseBody
	ConsentStatus status(@PathVariable String id) {
		Actor actor = CurrentActor.require();
		ClientId client;
		try {
			client = new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
		List<ConsentSignature> signatures = consents.signatures(actor, client);
		return new ConsentStatus(client.toString(), Arrays.stream(ConsentKind.values())
			.map(kind -> new KindStatus(kind.name(), texts.current(kind).version(),
					signatures.stream().anyMatch(one -> one.kind() == kind && one.current())))
			.toList(), signatures);
	}

	private void show(ConsentKind kind, Model model) {
		ConsentText text = texts.current(kind);
		model.addAttribute("kind", kind);
		model.addAttribute("text", text);
	}

	private ClientId self(Actor actor) {
		return consents.self(actor)
			.orElseThrow(() -> new HavenException("CONSENT_CLIENTS_ONLY", Kind.FORBIDDEN,
					"consents are read and signed by clients, each for themself"));
	}

	private static ConsentKind kind(String slug) {
		return ConsentKind.fromSlug(slug)
			.orElseThrow(() -> new HavenException("CONSENT_KIND_UNKNOWN", Kind.NOT_FOUND, "no such consent"));
	}

	private static int number(String version) {
		try {
			return Integer.parseInt(version.strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** One consent on the client's list. */
	record Line(ConsentKind kind, int version, boolean signed) {
	}

	/** Whether a client signed the current version of each text, and every signature (never the typed name). */
	record ConsentStatus(String client, List<KindStatus> current, List<ConsentSignature> signatures) {
	}

	record KindStatus(String kind, int currentVersion, boolean signedCurrent) {
	}

}
