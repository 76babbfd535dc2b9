package health.haven.identity;

import health.haven.identity.internal.TotpFactors;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.util.List;
import org.springframework.stereotype.Service;

/** Second factors set up on someone's behalf; people set up their own on their account's sign-in protection page. */
@Service
public class SecondFactors {

	private final TotpFactors totp;

	SecondFactors(TotpFactors totp) {
		this.totp = totp;
	}

	/** A confirmed TOTP factor with a fresh seed; returns the base32 secret and ten recovery codes. */
	public ProvisionedTotp provisionTotp(ActorRef by, OrgId org, UserId user) {
		TotpFactors.Provisioned provisioned = totp.provision(by, org, user);
		return new ProvisionedTotp(provisioned.secret(), provisioned.recoveryCodes());
	}

	public record ProvisionedTotp(String secret, List<String> recoveryCodes) {

		@Override
		public String toString() {
			return "ProvisionedTotp[<redacted>]";
		}

	}

}
