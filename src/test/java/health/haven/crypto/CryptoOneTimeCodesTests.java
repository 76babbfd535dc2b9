package health.haven.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CryptoOneTimeCodesTests {

	static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

	static final byte[] SHA512_SEED = "1234567890123456789012345678901234567890123456789012345678901234"
		.getBytes(StandardCharsets.US_ASCII);

	/** RFC 6238 Appendix B, all 18 vectors (8 digits). */
	@ParameterizedTest
	@CsvSource({ "59, 94287082, 46119246, 90693936", "1111111109, 07081804, 68084774, 25091201",
			"1111111111, 14050471, 67062674, 99943326", "1234567890, 89005924, 91819424, 93441116",
			"2000000000, 69279037, 90698825, 38618901", "20000000000, 65353130, 77737706, 47863826" })
	void matchesTheRfc6238TestVectors(long seconds, String sha1, String sha256, String sha512) {
		long step = OneTimeCodes.step(Instant.ofEpochSecond(seconds));
		assertThat(OneTimeCodes.code(SHA1_SEED, step, 8, "HmacSHA1")).isEqualTo(sha1);
		assertThat(OneTimeCodes.code(SHA256_SEED, step, 8, "HmacSHA256")).isEqualTo(sha256);
		assertThat(OneTimeCodes.code(SHA512_SEED, step, 8, "HmacSHA512")).isEqualTo(sha512);
	}

	@Test
	void acceptsOneStepOfDriftEitherSideAndNoMore() {
		byte[] seed = OneTimeCodes.newSeed();
		Instant now = Instant.parse("2026-11-29T09:00:10Z");
		long step = OneTimeCodes.step(now);
		assertThat(OneTimeCodes.verify(seed, OneTimeCodes.code(seed, step), now)).isEqualTo(OptionalLong.of(step));
		assertThat(OneTimeCodes.verify(seed, OneTimeCodes.code(seed, step - 1), now)).isEqualTo(OptionalLong.of(step - 1));
		assertThat(OneTimeCodes.verify(seed, OneTimeCodes.code(seed, step + 1), now)).isEqualTo(OptionalLong.of(step + 1));
		assertThat(OneTimeCodes.verify(seed, OneTimeCodes.code(seed, step - 2), now)).isEmpty();
		assertThat(OneTimeCodes.verify(seed, OneTimeCodes.code(seed, step + 2), now)).isEmpty();
	}

	@Test
	void malformedCodesAndOtherSeedsAreRefused() {
		byte[] seed = OneTimeCodes.newSeed();
		Instant now = Instant.now();
		String code = OneTimeCodes.code(seed, OneTimeCodes.step(now));
		assertThat(OneTimeCodes.verify(OneTimeCodes.newSeed(), code, now)).isEmpty();
		assertThat(OneTimeCodes.verify(seed, null, now)).isEmpty();
		assertThat(OneTimeCodes.verify(seed, "12345", now)).isEmpty();
		assertThat(OneTimeCodes.verify(seed, "12a456", now)).isEmpty();
		assertThat(OneTimeCodes.newSeed()).hasSize(20).isNotEqualTo(OneTimeCodes.newSeed());
	}

}
