package health.haven.telehealth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.telehealth.AttendanceStatus;
import health.haven.telehealth.internal.AttendanceRules.Computed;
import health.haven.telehealth.internal.AttendanceRules.Stay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttendanceRulesTests {

	static final Instant START = Instant.parse("2026-11-16T23:00:00Z");

	static final Instant END = START.plus(Duration.ofHours(3));

	static final Duration GRACE = Duration.ofMinutes(10);

	static Instant at(int minutes) {
		return START.plus(Duration.ofMinutes(minutes));
	}

	static Computed compute(Instant now, Stay... stays) {
		return AttendanceRules.compute(START, END, now, GRACE, GRACE, List.of(stays));
	}

	@Test
	void aFewMinutesLateOrEarlyWithinTheGraceArePresent() {
		Computed computed = compute(at(300), new Stay(at(9), at(171), null));
		assertThat(computed.status()).isEqualTo(AttendanceStatus.PRESENT);
		assertThat(computed.minutes()).isEqualTo(162);
	}

	@Test
	void lateAndLeftEarlyIsLateWithBothFlagsShown() {
		Computed computed = compute(at(300), new Stay(at(30), at(120), null));
		assertThat(computed.status()).isEqualTo(AttendanceStatus.LATE);
		assertThat(computed.late()).isTrue();
		assertThat(computed.leftEarly()).isTrue();
		assertThat(computed.minutes()).isEqualTo(90);
	}

	@Test
	void someoneStillInTheRoomCountsToNowAndHasNotLeftEarly() {
		Computed computed = compute(at(60), new Stay(at(0), null, null));
		assertThat(computed.status()).isEqualTo(AttendanceStatus.PRESENT);
		assertThat(computed.minutes()).isEqualTo(60);
		assertThat(computed.lastLeft()).isNull();
	}

	@Test
	void aStayTheServerNeverSawEndCountsToTheClosingOfItsRoom() {
		Computed computed = compute(at(300), new Stay(at(0), null, at(100)));
		assertThat(computed.minutes()).isEqualTo(100);
		assertThat(computed.status()).isEqualTo(AttendanceStatus.LEFT_EARLY);
	}

	@Test
	void timeOutsideTheSessionAndTheWaitingRoomDoNotCount() {
		assertThat(compute(at(300), new Stay(at(-60), at(-5), null)).status()).isEqualTo(AttendanceStatus.ABSENT);
		assertThat(compute(at(300), new Stay(null, null, null)).status()).isEqualTo(AttendanceStatus.ABSENT);
		assertThat(compute(at(300), new Stay(at(-30), at(400), null)).minutes()).isEqualTo(180);
	}

	@Test
	void overlappingStaysAreCountedOnce() {
		Computed computed = compute(at(300), new Stay(at(0), at(100), null), new Stay(at(50), at(180), null),
				new Stay(at(10), at(20), null));
		assertThat(computed.minutes()).isEqualTo(180);
		assertThat(computed.status()).isEqualTo(AttendanceStatus.PRESENT);
	}

}
