package health.haven.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInLockoutTests {

	@Test
	void locksDoubleFromFifteenMinutesUpToADay() {
		assertThat(SignInLockout.lockFor(0)).isEqualTo(Duration.ofMinutes(15));
		assertThat(SignInLockout.lockFor(1)).isEqualTo(Duration.ofMinutes(30));
		assertThat(SignInLockout.lockFor(2)).isEqualTo(Duration.ofMinutes(60));
		assertThat(SignInLockout.lockFor(10)).isEqualTo(Duration.ofDays(1));
		assertThat(SignInLockout.lockFor(40)).isEqualTo(Duration.ofDays(1));
	}

}
