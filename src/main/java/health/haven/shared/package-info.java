/**
 * Ids, markers and the few types every module shares: {@link health.haven.shared.Phi}, {@link
 * health.haven.shared.HavenException} and the PHI log guard. Kept tiny on purpose.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package health.haven.shared;
