/**
 * The pages people see first: the public home page and sign-in; later the client portal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Portal")
package health.haven.portal;
