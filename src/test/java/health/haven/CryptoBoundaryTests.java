package health.haven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

/**
 * All encryption goes through the crypto module, so there is one place to review, one key hierarchy and one
 * ciphertext format. (TLS certificates use java.security and Bouncy Castle, password hashing Spring Security's
 * Argon2: neither is javax.crypto or Tink.)
 */
class CryptoBoundaryTests {

	@Test
	void nothingOutsideTheCryptoModuleUsesJavaxCryptoOrTinkDirectly() {
		noClasses().that()
			.resideOutsideOfPackage("health.haven.crypto..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("javax.crypto..", "com.google.crypto.tink..")
			.because("sealing, key handling and blind indexes belong to health.haven.crypto")
			.check(ArchitectureTests.HAVEN);
	}

}
