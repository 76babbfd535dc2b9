package health.haven.records.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PlanReviewTests {

	static final LocalDate WRITTEN = LocalDate.of(2026, 3, 1);

	@Test
	void aReviewIsDueThirtyDaysAfterTheLastOne() {
		assertThat(PlanReview.of(WRITTEN, WRITTEN).due()).isEqualTo(LocalDate.of(2026, 3, 31));
	}

	@Test
	void itIsShownAsDueInTheLastWeekAndOverdueAfterTheDueDate() {
		assertThat(PlanReview.of(WRITTEN, WRITTEN.plusDays(22)).status()).isEqualTo(PlanReview.Status.NOT_YET_DUE);
		assertThat(PlanReview.of(WRITTEN, WRITTEN.plusDays(23)).status()).isEqualTo(PlanReview.Status.DUE);
		assertThat(PlanReview.of(WRITTEN, WRITTEN.plusDays(30)).status()).isEqualTo(PlanReview.Status.DUE);
		assertThat(PlanReview.of(WRITTEN, WRITTEN.plusDays(31)).status()).isEqualTo(PlanReview.Status.OVERDUE);
	}

}
