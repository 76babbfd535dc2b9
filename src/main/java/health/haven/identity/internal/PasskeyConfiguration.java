package health.haven.identity.internal;

import health.haven.audit.AuditTrail;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Passkeys (WebAuthn) as Spring Security's {@code http.webAuthn()} uses them: its JDBC repositories over the
 * {@code identity} schema, and a relying party that always demands user verification (PIN or biometric), because
 * {@link SignInRules} lets a passkey alone stand for both factors.
 */
@Configuration(proxyBeanMethods = false)
class PasskeyConfiguration {

	@Bean
	PublicKeyCredentialUserEntityRepository passkeyUsers(DataSource dataSource) {
		return new JdbcPublicKeyCredentialUserEntityRepository(new IdentitySchemaJdbc(dataSource));
	}

	@Bean
	UserCredentialRepository passkeyCredentials(DataSource dataSource, AuditTrail audit) {
		return new PasskeyCredentials(new JdbcUserCredentialRepository(new IdentitySchemaJdbc(dataSource)), audit);
	}

	@Bean
	WebAuthnRelyingPartyOperations passkeyRelyingParty(PublicKeyCredentialUserEntityRepository users,
			UserCredentialRepository credentials, PasskeyOrigins origins) {
		Webauthn4JRelyingPartyOperations relyingParty = new Webauthn4JRelyingPartyOperations(users, credentials,
				PublicKeyCredentialRpEntity.builder().id(origins.rpId()).name("Haven").build(), origins.allowed());
		relyingParty.setCustomizeCreationOptions(options -> options.authenticatorSelection(AuthenticatorSelectionCriteria
			.builder()
			.residentKey(ResidentKeyRequirement.REQUIRED)
			.userVerification(UserVerificationRequirement.REQUIRED)
			.build()));
		relyingParty.setCustomizeRequestOptions(options -> options.userVerification(UserVerificationRequirement.REQUIRED));
		return relyingParty;
	}

}
