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
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import health.haven.consent.AccessDecisions;
import health.haven.shared.Phi;
import java.util.List;
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

	/**
	 * Every public method of a module's API that returns client data (a type carrying {@code @Phi}, alone or in a
	 * collection) asks the policy decision point itself: it calls {@code AccessDecisions.enforce}, which decides and
	 * audits, before returning. The rule must match at least one method, so it cannot pass by matching nothing.
	 */
	@Test
	void everyApiMethodReturningClientDataIsDecidedByAccessDecisions() {
		DescribedPredicate<JavaClass> carriesPhi = DescribedPredicate.describe("carry @Phi",
				type -> type.isAnnotatedWith(Phi.class)
						|| type.getFields().stream().anyMatch(field -> field.isAnnotatedWith(Phi.class)));
		// Module APIs: the base package of each module and its sub-packages, except internal and web; value types
		// (records, enums) carry data but fetch none, so their accessors are not entry points.
		List<JavaMethod> returningClientData = HAVEN.stream()
			.filter(type -> type.getPackageName().matches("health\\.haven\\.[a-z]+(\\.(?!internal|web)[a-z]+)*")
					&& !type.getPackageName().startsWith("health.haven.consent") && !type.isRecord()
					&& !type.isEnum())
			.flatMap(type -> type.getMethods().stream())
			.filter(method -> method.getModifiers().contains(JavaModifier.PUBLIC))
			.filter(method -> method.getReturnType().getAllInvolvedRawTypes().stream().anyMatch(carriesPhi))
			.toList();
		assertThat(returningClientData).extracting(JavaMethod::getFullName)
			.anySatisfy(name -> assertThat(name).startsWith("health.haven.records.Clients.find"));
		for (JavaMethod method : returningClientData) {
			assertThat(decided(method, returningClientData, new java.util.HashSet<>()))
				.as(method.getFullName() + " returns client data without AccessDecisions.enforce")
				.isTrue();
		}
	}

	/**
	 * Whether a method calls {@code AccessDecisions.enforce} itself, or composes other such API methods that do (the
	 * chart summary reads demographics, plan and notes through their own services, each deciding for its part), or
	 * hands the reading to a helper of its own module's {@code internal} package that does (the staff queues of client
	 * requests share {@code records.internal.RequestQueue}).
	 */
	private static boolean decided(JavaMethod method, List<JavaMethod> apiMethods, java.util.Set<JavaMethod> seen) {
		if (!seen.add(method)) {
			return false;
		}
		String internal = method.getOwner().getPackageName().replaceAll("^(health\\.haven\\.[a-z]+).*", "$1")
				+ ".internal";
		return method.getMethodCallsFromSelf()
			.stream()
			.anyMatch(call -> (call.getTargetOwner().isEquivalentTo(AccessDecisions.class)
					&& call.getName().equals("enforce"))
					|| call.getTarget()
						.resolveMember()
						.filter(target -> apiMethods.contains(target)
								|| target.getOwner().getPackageName().equals(internal))
						.filter(target -> decided(target, apiMethods, seen))
						.isPresent());
	}

}
