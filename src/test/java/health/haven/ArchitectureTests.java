package health.haven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import health.haven.shared.Phi;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

	static final JavaClasses HAVEN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("health.haven");

	@Test
	void typesCarryingPhiRedactThemselvesInToString() {
		DescribedPredicate<JavaClass> carryPhi = DescribedPredicate.describe("declare a @Phi member",
				type -> type.isAnnotatedWith(Phi.class)
						|| type.getFields().stream().anyMatch(field -> field.isAnnotatedWith(Phi.class)));
		ArchCondition<JavaClass> overrideToString = new ArchCondition<>("override toString()") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean overrides = type.getMethods()
					.stream()
					.anyMatch(method -> method.getName().equals("toString") && method.getRawParameterTypes().isEmpty());
				events.add(new SimpleConditionEvent(type, overrides, type.getName() + " overrides toString()"));
			}
		};
		classes().that(carryPhi).should(overrideToString).allowEmptyShould(true).check(HAVEN);
	}

	@Test
	void nothingPrintsToStandardStreamsOutsideTheCommandLine() {
		noClasses().that()
			.resideOutsideOfPackage("health.haven.operations..")
			.should()
			.accessField(System.class, "out")
			.orShould()
			.accessField(System.class, "err")
			.check(HAVEN);
	}

	@Test
	void webLayerDoesNotReachIntoOtherModulesInternals() {
		noClasses().that()
			.resideInAPackage("..web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("health.haven.operations.internal..")
			.check(HAVEN);
	}

}
