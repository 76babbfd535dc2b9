package health.haven.identity.internal;

import health.haven.identity.CurrentActor;
import health.haven.shared.HavenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of sign-in and the pages for setting up an authenticator app or a passkey. Staff reach nothing else
 * until a factor is set up and used. Passkeys are registered by {@code /js/passkeys.js} against Spring's endpoints.
 */
@Controller
class SecondFactorPages {

	static final String ENROLMENT = "/account/mfa";

	static final String RECOVERY_CODES = ENROLMENT + "/recovery-codes";

	private final TotpFactors totp;

	private final Passkeys passkeys;

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	SecondFactorPages(TotpFactors totp, Passkeys passkeys) {
		this.totp = totp;
		this.passkeys = passkeys;
	}

	@GetMapping(TotpSignIn.PATH)
	String secondStep(Model model) {
		SignInAccount account = account();
		boolean app = totp.enrolled(account);
		boolean passkey = passkeys.count(account) > 0;
		if (!app && !passkey) {
			return "redirect:" + ENROLMENT;
		}
		model.addAttribute("totp", app);
		model.addAttribute("passkey", passkey);
		return "login-totp";
	}

	@GetMapping(ENROLMENT)
	String factors(Model model) {
		SignInAccount account = account();
		boolean enrolled = totp.enrolled(account);
		model.addAttribute("enrolled", enrolled);
		model.addAttribute("recoveryCodesLeft", enrolled ? totp.recoveryCodesLeft(account) : 0);
		model.addAttribute("passkeys", passkeys.count(account));
		return "account-mfa";
	}

	@PostMapping(ENROLMENT + "/totp/start")
	String start(Model model) {
		SignInAccount account = account();
		show(model, totp.start(account, label(account)));
		return "account-mfa-enrol";
	}

	@PostMapping(ENROLMENT + "/totp/confirm")
	String confirm(@RequestParam(defaultValue = "") String code, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		SignInAccount account = account();
		List<String> recoveryCodes;
		try {
			recoveryCodes = totp.confirm(account, CurrentActor.require().ref(), code);
		}
		catch (HavenException ex) {
			Optional<TotpFactors.Enrolment> pending = totp.pending(account, label(account));
			if (pending.isEmpty()) {
				throw ex;
			}
			show(model, pending.get());
			model.addAttribute("error", ex.explanation());
			return "account-mfa-enrol";
		}
		grantFactor(SecondFactor.TOTP, request, response);
		model.addAttribute("recoveryCodes", recoveryCodes);
		return "account-mfa-recovery";
	}

	/** New recovery codes (a step-up action: a factor from the last five minutes). */
	@PostMapping(RECOVERY_CODES)
	String renewRecoveryCodes(Model model) {
		SignInAccount account = account();
		model.addAttribute("recoveryCodes", totp.renewRecoveryCodes(account, CurrentActor.require().ref()));
		return "account-mfa-recovery";
	}

	private static void show(Model model, TotpFactors.Enrolment enrolment) {
		model.addAttribute("qr", QrCodes.svg(enrolment.otpauthUri(), "QR code for your authenticator app"));
		model.addAttribute("secret", enrolment.secret().replaceAll("(.{4})(?!$)", "$1 "));
	}

	/**
	 * Entering a code from the new factor proves possession of it, so the session gains that factor now, as if it
	 * had been used at sign-in (the same principal, merged the way Spring's MFA filters merge).
	 */
	private void grantFactor(String factor, HttpServletRequest request, HttpServletResponse response) {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		List<GrantedAuthority> authorities = new ArrayList<>(current.getAuthorities());
		authorities.removeIf(authority -> factor.equals(authority.getAuthority()));
		authorities.add(FactorGrantedAuthority.withAuthority(factor).issuedAt(Instant.now()).build());
		UsernamePasswordAuthenticationToken upgraded = UsernamePasswordAuthenticationToken
			.authenticated(current.getPrincipal(), null, authorities);
		upgraded.setDetails(current.getDetails());
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(upgraded);
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
	}

	private static SignInAccount account() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof SignInAccount account) {
			return account;
		}
		throw new HavenException("IDENTITY_NOT_SIGNED_IN", HavenException.Kind.UNAUTHENTICATED, "sign in to continue");
	}

	/** The account label shown in the authenticator app: the organization's product name and the account id tail. */
	private static String label(SignInAccount account) {
		String id = account.user().toString();
		return "account-" + id.substring(id.length() - 6);
	}

}
